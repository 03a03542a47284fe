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
    .target(
      name: "GmemModel",
      // The model's hot paths mutate class-held storage; dynamic exclusivity checks cost a fifth of a
      // conversion in release builds. Debug builds (and so the tests) keep them.
      swiftSettings: [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]
    ),
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
