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
  ],
  dependencies: [
    // Subcommands, flags and help text for the `gmemviz` and `gmemviz-bench` executables.
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0")
  ],
  targets: [
    // The kernel design as a pure, deterministic state machine. No I/O, no clocks.
    .target(name: "GmemModel"),
    // The command language of SCENARIO.md: lexer, parser, runner, expectations, output.
    .target(name: "GmemScript", dependencies: ["GmemModel"]),
    .executableTarget(
      name: "gmemviz",
      dependencies: [
        "GmemModel", "GmemScript",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .executableTarget(
      name: "gmemviz-bench",
      dependencies: [
        "GmemModel", "GmemScript",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]
    ),
    .testTarget(name: "GmemModelTests", dependencies: ["GmemModel", "GmemScript"]),
    .testTarget(name: "GmemScriptTests", dependencies: ["GmemModel", "GmemScript"]),
  ],
  swiftLanguageModes: [.v6]
)
