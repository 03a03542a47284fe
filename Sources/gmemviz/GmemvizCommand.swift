import ArgumentParser

/// `gmemviz`: a terminal visualizer for guest_memfd memory.
struct GmemvizCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "gmemviz",
    abstract:
      "A live map of guest_memfd memory: 1 GiB HugeTLB folios, their 4 KiB pages, and every conversion.",
    discussion: """
      Profiles: rfc1 (1G RFC v1, default), rfc2 (1G RFC v2), inplace (in-place conversion), upstream (Linux 6.18).
      The command language is described in the README and in design/SCENARIO.md.
      """,
    version: GmemvizVersion.text,
    subcommands: [
      TUICommand.self, RunCommand.self, CapsCommand.self, DiffCommand.self, AttachCommand.self, PlayCommand.self,
      ExportCommand.self, CompareCommand.self,
    ],
    defaultSubcommand: TUICommand.self
  )
}
