// swift-tools-version: 6.0
import PackageDescription

let package = Package(
  name: "gmemviz",
  platforms: [.macOS(.v13)],
  products: [
    .executable(name: "gmemviz", targets: ["gmemviz"]),
    .executable(name: "gmemviz-bench", targets: ["gmemviz-bench"]),
    .library(name: "GmemModel", targets: ["GmemModel"]),
    .library(name: "GmemScript", targets: ["GmemScript"]),
    .library(name: "GmemDiff", targets: ["GmemDiff"]),
    .library(name: "GmemTerminal", targets: ["GmemTerminal"]),
    .library(name: "GmemKVM", targets: ["GmemKVM"]),
  ],
  dependencies: [
    // Subcommands, flags and help text for the `gmemviz` and `gmemviz-bench` executables.
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The kernel design as a pure, deterministic state machine. No I/O, no clocks. The class-held storage every
    // conversion mutates (PageStore, BlockDetail, and the fields of GuestMemfdModel and GmemFile it touches) is
    // `@exclusivity(unchecked)`: dynamic exclusivity checks there cost a third of a conversion in release builds.
    .target(name: "GmemModel"),
    // The command language of SCENARIO.md: lexer, parser, runner, expectations, output.
    .target(name: "GmemScript", dependencies: ["GmemModel"]),
    // The model against the kernel: a script run on both, step by step, and the differences in their page state.
    .target(name: "GmemDiff", dependencies: ["GmemModel", "GmemScript"]),
    // Pure rendering: layout, the three zoom levels, inspector, counters, log, legend, help, themes, glyphs.
    .target(name: "GmemView", dependencies: ["GmemModel"]),
    .executableTarget(
      name: "gmemviz",
      dependencies: [
        "GmemModel", "GmemScript", "GmemDiff", "GmemView", "GmemTerminal", "GmemKVM",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "gmemviz-bench",
      dependencies: [
        "GmemModel", "GmemScript", "GmemView", "GmemKVM",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    // ncursesw as a system library: a module map and a shim header that turns on the wide-character API.
    .systemLibrary(name: "CNcurses", providers: [.apt(["libncurses-dev"])]),
    // What Swift cannot import from curses: attribute and mouse-mask constants; signal and crash handlers.
    .target(name: "CNcursesShim", dependencies: ["CNcurses"]),
    // The terminal: the only code that calls curses (init and restore, present a rendered Screen in its Theme,
    // input as GmemView's Key, signals).
    .target(name: "GmemTerminal", dependencies: ["CNcurses", "CNcursesShim", "GmemView"]),
    // A tiny full-screen program that the terminal's end-to-end tests drive through tmux.
    .executableTarget(name: "GmemTerminalDemo", dependencies: ["GmemTerminal", "GmemView"]),
    // The guest_memfd uapi (structs, ioctl numbers) and the system calls Swift cannot reach directly.
    .target(name: "CGmemSys"),
    // The real backend: guest_memfd on the running kernel through KVM ioctls (VM, memslots, vCPU guest accesses,
    // io_uring pins, page scans), the capability probe, and attaching to another process's guest_memfd.
    .target(name: "GmemKVM", dependencies: ["CGmemSys", "GmemModel"]),
    // A process that holds a guest_memfd with a known pattern, for the attach tests to observe.
    .executableTarget(name: "GmemAttachFixture", dependencies: ["GmemKVM", "CGmemSys", "GmemModel"]),
    // What the tests that run a built executable share: finding it, and running it to completion.
    .target(name: "GmemTestSupport", dependencies: ["GmemModel"], path: "Tests/GmemTestSupport"),
    .testTarget(
      name: "GmemKVMTests",
      dependencies: [
        "GmemKVM", "CGmemSys", "GmemModel", "GmemScript", "GmemDiff", "GmemTestSupport", "gmemviz",
        "GmemAttachFixture",
      ]),
    .testTarget(name: "GmemModelTests", dependencies: ["GmemModel", "GmemScript"]),
    .testTarget(name: "GmemScriptTests", dependencies: ["GmemModel", "GmemScript", "GmemTestSupport", "gmemviz"]),
    // Snapshots are read and written through #filePath, so the target leaves them out of the build.
    .testTarget(
      name: "GmemViewTests", dependencies: ["GmemView", "GmemModel", "GmemScript", "GmemTestSupport"],
      exclude: ["__Snapshots__"]),
    .testTarget(
      name: "GmemTerminalTests",
      dependencies: [
        "CNcurses", "CNcursesShim", "GmemTerminal", "GmemModel", "GmemView", "GmemScript", "GmemTerminalDemo",
        "GmemTestSupport", "gmemviz",
      ]),
  ],
  swiftLanguageModes: [.v6]
)
