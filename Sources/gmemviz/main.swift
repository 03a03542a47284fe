import ArgumentParser

#if canImport(Glibc)
  import Glibc
#endif

do {
  var command = try GmemvizCommand.parseAsRoot(NegativeNumbers.asPositionals(Array(CommandLine.arguments.dropFirst())))
  try command.run()
} catch let error as WriteError {
  printError("gmemviz: \(error)")
  exit(2)
} catch {
  CommandLineError.exit(with: error)
}
