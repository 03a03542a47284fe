import ArgumentParser

GmemvizCommand.main()
