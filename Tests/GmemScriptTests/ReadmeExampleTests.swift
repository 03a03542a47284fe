import Foundation
import GmemModel
import GmemScript
import Testing

/// The README's example script is a real scenario: it parses, every expectation in it holds, and the model's
/// invariants hold after every line, so the README cannot drift from the language or the model.
@Test func theReadmeExampleRuns() throws {
  let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()
  let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
  let start = try #require(readme.range(of: "```text\n"))
  let end = try #require(readme.range(of: "```", range: start.upperBound..<readme.endIndex))
  let script = String(readme[start.upperBound..<end.lowerBound])
  let lines = try Parser.parse(script, file: "README.md")
  #expect(lines.count > 20)
  let model = GuestMemfdModel()
  let runner = ScriptRunner(backend: model)
  for line in lines {
    let record = runner.execute(line)
    #expect(record.passed, "README line \(line.number): \(record.failure ?? "")")
    if case .command = line.statement {
      #expect(record.result?.outcome.succeeded == true || line.source.hasPrefix("private 0x1000"))
      #expect(InvariantChecker.check(model).isEmpty)
    }
  }
}
