import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

do {
  var command = try GmemvizCommand.parseAsRoot()
  try command.run()
} catch let error as WriteError {
  printError("gmemviz: \(error)")
  exit(2)
} catch {
  GmemvizCommand.exit(withError: error)
}
