import Foundation
import Testing

/// Issue 14 item 12: a bad option or argument is one line on standard error naming the option, the value and what
/// is accepted, with exit status 2 (it was a multi-line usage with exit 64, and a negative number was reported as a
/// missing value).
@Suite("option errors")
struct OptionErrorTests {
  static let tour = WriteErrorTests.tour

  /// Runs gmemviz and expects exit 2, nothing on standard output and exactly `line` on standard error.
  static func expectRefused(_ arguments: [String], _ line: String) throws {
    let r = try RunCommandTests.run(arguments, killAfterSeconds: 60)
    #expect(r.status == 2, "\(arguments): \(r.stderr)")
    #expect(r.stdout.isEmpty, "\(arguments)")
    #expect(r.stderr == line + "\n", "\(arguments)")
  }

  @Test(arguments: [
    (["export", tour, "--svg", "/tmp/x.svg", "--cols", "0"], "--cols 0: must be a whole number from 40 to 1000"),
    (
      ["play", "--speed", "0", tour],
      "--speed 0: must be a number from 0.01 to 64, a multiple of real time (e.g. 0.5, 2)"
    ),
    (
      ["compare", "--profiles", "rfc1", tour],
      "--profiles rfc1: expected two profiles, comma-separated, each one of rfc1, rfc2, inplace, upstream (e.g. rfc1,inplace)"
    ),
    (["caps", "--cap", "FOO"], "--cap FOO: expected NAME=NUMBER, e.g. KVM_CAP_MEMORY_ATTRIBUTES2=245"),
    (["tui", "--profile", "x"], "--profile x: expected rfc1, rfc2, inplace or upstream"),
    (["--backend", "x"], "--backend x: expected model or kvm"),
    (["tui", "--vm", "x"], "--vm x: expected default, sw-protected, sev, sev-es, snp or tdx"),
    (["--size", "-1"], "--size -1: a size must be positive and a multiple of 4K, e.g. 8G, 512M or 1T"),
    (["--interval", "-1"], "--interval -1: must be a whole number from 10 to 60000"),
    (["export", tour, "--svg", "/tmp/x.svg", "--at", "-1"], "--at -1: steps are numbered from 1 (0 is the start)"),
    (["attach", "-1"], "PID -1: must be a whole number from 1 up"),
    (["attach", "-1", "--list"], "PID -1: must be a whole number from 1 up"),
    (["attach", "1", "--fd", "-1"], "--fd -1: must be a whole number from 0 up"),
    (
      ["--backend", "kvm", "--profile", "rfc1"],
      "--profile rfc1: --backend kvm runs the kernel's guest_memfd (upstream)"
    ),
  ])
  func theReproducersAreOneLineWithExitTwo(_ arguments: [String], _ message: String) throws {
    try Self.expectRefused(arguments, "gmemviz: error: " + message)
  }

  /// Every option of every subcommand that takes a value, with values it must refuse.
  static let badValues: [(command: [String], option: String, values: [String])] = [
    (["run", tour], "--backend", ["x", "-1", "", "MODEL"]),
    (["tui"], "--backend", ["x", "-1"]),
    (["tui"], "--interval", ["x", "-1", "0", "9", "60001", "1.5", ""]),
    (["tui"], "--profile", ["x", "-1", "RFC1", ""]),
    (["tui"], "--vm", ["x", "-1", "snp2"]),
    (["tui"], "--size", ["x", "-1", "0", "4095", "8G#", "1 G", "8G\nvm snp", "99999999999999999999", ""]),
    (["tui"], "--hugetlb", ["3M", "-1", "4k"]),
    (["tui"], "--flags", ["foo", "-1x", "mmap,,mmap", "mmap init-shared", ""]),
    (["tui"], "--theme", ["neon", "-1", ""]),
    (["caps"], "--cap", ["FOO", "FOO=x", "FOO=1", "=1", "-1", "KVM_CAP_GMEM_HUGETLB=-1"]),
    (["attach", "1"], "--fd", ["x", "-1", "99999999999"]),
    (["attach", "1"], "--interval", ["x", "-1", "0"]),
    (["attach", "1"], "--theme", ["neon"]),
    (["play", tour], "--speed", ["0", "-1", "x", "64.5", "nan", "inf", "-inf", "1e400", ""]),
    (["play", tour], "--cols", ["0", "-1", "39", "1001", "x"]),
    (["play", tour], "--rows", ["11", "-1", "1001", "x"]),
    (["play", tour], "--theme", ["neon"]),
    (["export", tour, "--svg", "/tmp/x.svg"], "--at", ["-1", "x", "1.5"]),
    (["export", tour, "--svg", "/tmp/x.svg"], "--cols", ["-5", "x"]),
    (["export", tour, "--svg", "/tmp/x.svg"], "--rows", ["-5", "x"]),
    (["export", tour, "--svg", "/tmp/x.svg"], "--theme", ["neon"]),
    (["compare", tour], "--profiles", ["rfc1", "rfc1,x", "rfc1,rfc2,inplace", "", ",", "-1"]),
    (["compare", tour], "--speed", ["0", "-2"]),
    (["compare", tour], "--theme", ["neon"]),
  ]

  @Test func everyBadOptionValueIsOneLineNamingItWithExitTwo() throws {
    for (command, option, values) in Self.badValues {
      for value in values {
        let arguments = command + [option, value]
        let r = try RunCommandTests.run(arguments, killAfterSeconds: 60)
        #expect(r.status == 2, "\(arguments): \(r.stderr)")
        #expect(r.stdout.isEmpty, "\(arguments)")
        let shown = value.replacingOccurrences(of: "\n", with: "\\n")
        #expect(r.stderr.hasPrefix("gmemviz: error: \(option) \(shown): "), "\(arguments): \(r.stderr)")
        #expect(r.stderr.filter { $0 == "\n" }.count == 1 && r.stderr.hasSuffix("\n"), "\(arguments): \(r.stderr)")
      }
    }
  }

  /// Bad arguments, missing values and unknown options: one line, exit 2.
  @Test(arguments: [
    ["attach", "0"], ["attach", "x"], ["attach", "-1", "--fd", "3"], ["attach"], ["run"], ["run", tour, "--bogus"],
    ["play", tour, "--cols"], ["export", tour], ["play", "--headless", tour], ["frobnicate"], ["tui", "-1"],
    ["--backend", "kvm", "--hugetlb", "2M"],
  ])
  func otherCommandLineErrorsAreOneLineWithExitTwo(_ arguments: [String]) throws {
    let r = try RunCommandTests.run(arguments, killAfterSeconds: 60)
    #expect(r.status == 2, "\(arguments): \(r.stderr)")
    #expect(r.stdout.isEmpty, "\(arguments)")
    #expect(r.stderr.hasPrefix("gmemviz: error: "), "\(arguments): \(r.stderr)")
    #expect(r.stderr.filter { $0 == "\n" }.count == 1, "\(arguments): \(r.stderr)")
  }

  @Test(arguments: [["--help"], ["run", "--help"], ["help", "play"], ["export", "-h"]])
  func helpIsPrintedWithExitZero(_ arguments: [String]) throws {
    let r = try RunCommandTests.run(arguments)
    #expect(r.status == 0)
    #expect(r.stdout.contains("USAGE: gmemviz"))
    #expect(r.stderr.isEmpty)
  }

  @Test func helpListsTheAcceptedValues() throws {
    let r = try RunCommandTests.run(["tui", "--help"])
    for values in [
      "values: model, kvm", "values: rfc1, rfc2, inplace, upstream", "values: 4K, 2M, 1G",
      "values: dark, light, mono, presentation",
    ] {
      #expect(r.stdout.replacingOccurrences(of: "\n ", with: "").contains(values), "\(values)")
    }
  }
}
