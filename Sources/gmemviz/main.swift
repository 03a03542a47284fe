import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

do {
  var command = try GmemvizCommand.parseAsRoot(NegativeNumbers.asPositionals(Array(CommandLine.arguments.dropFirst())))
  // A reader that goes away (`gmemviz run FILE | head -1`) makes the next write fail with EPIPE instead of killing
  // the command partway, whatever disposition it inherited: every command stops there quietly with exit status 141
  // (`WriteError.readerWentAway`), a run or a long kernel operation between two steps.
  signal(SIGPIPE, SIG_IGN)
  try command.run()
} catch let error as WriteError {
  if error.readerWentAway { exit(WriteError.readerGoneStatus) }
  printError("gmemviz: \(error)")
  exit(2)
} catch {
  CommandLineError.exit(with: error)
}
