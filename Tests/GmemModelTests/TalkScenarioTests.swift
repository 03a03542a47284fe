import Foundation
import GmemModel
import GmemScript
import Testing

/// `Assets/scenarios` of this package, found from this file's path (`Tests/GmemModelTests/TalkScenarioTests.swift`).
let talkDirectory = URL(fileURLWithPath: #filePath)
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .deletingLastPathComponent()
  .appendingPathComponent("Assets/scenarios")

/// The `*.gmem` files directly in `Assets/scenarios` (its subdirectories hold other suites), sorted.
private func talkFiles() -> [String] {
  let names = (try? FileManager.default.contentsOfDirectory(atPath: talkDirectory.path)) ?? []
  return names.filter { $0.hasSuffix(".gmem") }.sorted()
}

/// The talk scenarios of issue 5 (demo mode): each one replays on the model with every expectation holding
/// and the invariants checked after every command, and each one can be presented: steps, each with a
/// caption that fits a 100-column screen.
@Suite("Talk scenarios")
struct TalkScenarioTests {
  /// Every talk written so far, so that a missing or emptied directory cannot make the tests vacuous.
  static let talks = [
    "close_while_mapped.gmem",
    "compare_convert_while_mapped.gmem",
    "debug_folio_will_not_merge.gmem",
    "evicted_orphans_released.gmem",
    "faultability_vs_private.gmem",
    "punch_reports_no_offset.gmem",
    "rfc1_rfc2_inplace_1_rfc1.gmem",
    "rfc1_rfc2_inplace_2_rfc2.gmem",
    "rfc1_rfc2_inplace_3_inplace.gmem",
    "tour.gmem",
  ]

  /// The longest caption: one line of a 100-column projector screen, with room for the frame.
  static let captionLimit = 90

  @Test("every talk is present")
  func talksArePresent() {
    let present = Set(talkFiles())
    for name in Self.talks {
      #expect(present.contains(name), "\(name) is missing from \(talkDirectory.path)")
    }
  }

  @Test("talk holds on the model", arguments: talkFiles())
  func replay(_ name: String) throws {
    let talk = try ScenarioFile(name, in: talkDirectory)
    for profile in talk.profiles {
      let run = talk.replay(on: profile)
      #expect(run.commands > 0, "\(name) runs no command")
      #expect(run.expectations > 0, "\(name) checks nothing")
    }
  }

  @Test("talk has steps, each with a caption that fits the screen", arguments: talkFiles())
  func presentation(_ name: String) throws {
    let talk = try ScenarioFile(name, in: talkDirectory)
    var steps = 0
    var captioned = false
    for line in talk.lines {
      switch line.statement {
      case .say(let text):
        captioned = true
        #expect(
          text.count <= Self.captionLimit && !text.contains("\n"),
          "\(name):\(line.number): the caption is \(text.count) characters, over \(Self.captionLimit)")
      case .step:
        steps += 1
        #expect(captioned, "\(name):\(line.number): no `say` since the previous step")
        captioned = false
      default: break
      }
    }
    let range = name == "tour.gmem" ? 12...20 : 4...8
    #expect(range.contains(steps), "\(name) has \(steps) steps, not \(range)")
  }

  @Test("the tour plays in one to two minutes at speed 1")
  func tourTiming() throws {
    let seconds = try ScenarioFile("tour.gmem", in: talkDirectory).pauseSeconds
    #expect((60...120).contains(seconds), "tour.gmem pauses for \(seconds) s")
  }

  /// What `compare_convert_while_mapped.gmem` says in captions but cannot `expect`, because it differs by
  /// profile: at steps 3 and 4, the last command's outcome, whether page 0x1000 is host-mapped, and whether
  /// folio 0 is whole. rfc1 refuses with EINVAL and leaves the unmap to userspace [P29] [P35]; inplace
  /// unmaps, then refuses a pin with EAGAIN at its offset [P3-09].
  @Test(
    "compare script diverges where its captions say",
    arguments: [
      (Profile.rfc1, [3: "EINVAL mapped split", 4: "EINVAL mapped split"]),
      (Profile.inplace, [3: "EAGAIN at 0x1000 unmapped split", 4: "ok unmapped whole"]),
    ])
  func compareDivergence(_ profile: Profile, _ expected: [Int: String]) throws {
    let talk = try ScenarioFile("compare_convert_while_mapped.gmem", in: talkDirectory)
    var seen: [Int: String] = [:]
    talk.replay(on: profile) { step, model, previous in
      guard expected[step] != nil else { return }
      let mapped = model.page(1)?.isMapped == true ? "mapped" : "unmapped"
      let shape = model.folioShape(ofPage: 0) == .whole ? "whole" : "split"
      seen[step] = "\(previous?.outcome.text ?? "nothing") \(mapped) \(shape)"
    }
    #expect(seen == expected, "on \(profile.rawValue)")
  }
}
