import Foundation
import GmemModel
import GmemScript
import GmemView
import Testing

@testable import gmemviz

/// The clock of `play` and `compare`: whatever the pauses and the speed, time only moves forward and stops at the
/// end of UInt64 instead of trapping.
@Suite("Playback clock")
struct PlaybackClockTests {
  @Test("+ and - step through the speed list from any --speed, never the wrong way")
  func speedKeys() {
    func stepped(from speed: Double, faster: Bool, times: Int = 1) -> Double {
      var clock = Playback(speed: speed, stopsAtSteps: false, now: 0)
      for _ in 0..<times { clock.changeSpeed(faster: faster) }
      return clock.speed
    }
    #expect(stepped(from: 0.01, faster: true) == 0.25)
    #expect(stepped(from: 0.01, faster: false) == 0.01)
    #expect(stepped(from: 0.3, faster: false) == 0.25)
    #expect(stepped(from: 0.3, faster: true) == 0.5)
    #expect(stepped(from: 1, faster: true) == 2)
    #expect(stepped(from: 1, faster: false) == 0.5)
    #expect(stepped(from: 64, faster: true) == 64)
    #expect(stepped(from: 64, faster: false) == 8)
    #expect(stepped(from: 0.25, faster: true, times: 10) == 8)
  }

  @Test("a pause and an operation are scaled by the speed")
  func scaled() {
    var clock = Playback(speed: 2, stopsAtSteps: false, now: 100)
    clock.after(.pause(milliseconds: 1000), now: 100)
    #expect(clock.deadline == 600)
    clock.after(.caption("x"), now: 700)
    #expect(clock.deadline == 700)
  }

  @Test("pause 0xffffffffffffffffms stops the clock at its end instead of trapping")
  func hugePause() {
    var clock = Playback(speed: 1, stopsAtSteps: false, now: 5)
    clock.after(.pause(milliseconds: 0xffff_ffff_ffff_ffff), now: 5)
    #expect(clock.deadline == .max)
    clock.after(.pause(milliseconds: 1), now: 6)
    #expect(clock.deadline == .max)
  }

  @Test("two pauses of 0x7fffffffffffffffms saturate instead of overflowing")
  func twoHalfPauses() {
    var clock = Playback(speed: 1, stopsAtSteps: false, now: 0)
    // Scaled through a Double, 2^63 - 1 milliseconds round to 2^63; twice that is past the end.
    clock.after(.pause(milliseconds: 0x7fff_ffff_ffff_ffff), now: 0)
    #expect(clock.deadline == 1 << 63)
    clock.after(.pause(milliseconds: 0x7fff_ffff_ffff_ffff), now: 0)
    #expect(clock.deadline == .max)
  }

  @Test("speeds of 1e-15 and 1e-17 stretch an operation to the end of time, not past it", arguments: [1e-15, 1e-17])
  func tinySpeed(_ speed: Double) {
    var clock = Playback(speed: speed, stopsAtSteps: false, now: 0)
    for _ in 0..<100_000 {
      clock.after(.pause(milliseconds: 86_400_000), now: 0)
      if clock.deadline == .max { break }
    }
    #expect(clock.deadline == .max)
  }

  @Test("saturating sums and timeouts")
  func arithmetic() {
    #expect(Playback.later(.max - 1, by: 5 as UInt64) == .max)
    #expect(Playback.later(10, by: 5 as UInt64) == 15)
    #expect(Playback.later(10, by: 0x1p64) == .max)
    #expect(Playback.later(10, by: .infinity) == .max)
    #expect(Playback.later(10, by: .nan) == 10)
    #expect(Playback.later(10, by: 2.9) == 12)
    #expect(Playback.timeout(until: .max, from: 0) == Int(Int32.max))
    #expect(Playback.timeout(until: 5, from: 9) == 0)
    #expect(Playback.timeout(until: 9, from: 5) == 4)
  }

  @Test("random huge pauses and speeds: the deadline never moves back and never traps", arguments: 0..<4)
  func fuzzClock(_ seed: Int) {
    var rng = SplitMix64(seed: 0x636C_6F63 &+ UInt64(seed))
    for _ in 0..<200 {
      let speed = Self.randomSpeed(&rng)
      var now = rng.next() % 3 == 0 ? UInt64.max - rng.next() % 1000 : rng.next() % 1_000_000
      var clock = Playback(speed: speed, stopsAtSteps: rng.next() % 2 == 0, now: now)
      for _ in 0..<50 {
        let previous = clock.deadline ?? now
        clock.after(Self.randomPlayed(&rng), now: now)
        if let due = clock.deadline {
          #expect(due >= max(previous, now), "speed \(speed)")
        } else {
          clock.resume(now: now)
          #expect(clock.deadline == now)
        }
        now = Playback.later(now, by: rng.next() % 3 == 0 ? rng.next() : rng.next() % 10_000)
        if rng.next() % 10 == 0 { clock.changeSpeed(faster: rng.next() % 2 == 0) }
      }
    }
  }

  @Test("random huge pauses and speeds played headless: a recording whose times never decrease", arguments: 0..<3)
  func fuzzHeadless(_ seed: Int) throws {
    var rng = SplitMix64(seed: 0x6865_6164 &+ UInt64(seed))
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("gmemviz-clock-\(UUID()).cast").path
    defer { try? FileManager.default.removeItem(atPath: path) }
    for _ in 0..<4 {
      var lines = try Parser.parse("gmem 2M hugetlb=4K\nallocate 0+4K\nsay \"x\"\nshare 0x1000\n", file: "fuzz")
      for n in 0..<12 {
        let statement: Statement =
          rng.next() % 2 == 0
          ? .pause(milliseconds: rng.next() % 2 == 0 ? rng.next() : UInt64.max - rng.next() % 3)
          : rng.next() % 2 == 0 ? .step : .command(.allocate(FileRange(offset: 0, length: 4096)))
        lines.append(ScriptLine(number: 5 + n, statement: statement, source: statement.text))
      }
      let player = ScriptPlayer(lines: lines, session: Session(model: GuestMemfdModel()))
      let size = ScreenSize(width: 60, height: 20)
      let recorder = try AsciicastRecorder(path: path, size: size, title: "fuzz", theme: .dark)
      var headless = HeadlessPlayer(player: player, recorder: recorder, size: size, theme: .dark, glyphs: .unicode)
      try headless.play(speed: Self.randomSpeed(&rng))
      let cast = try Cast(path: path)
      #expect(cast.timesNeverDecrease)
      #expect(player.position == lines.count)
    }
  }

  /// A speed from 1e-17 to 64, most often a tiny one.
  static func randomSpeed(_ rng: inout SplitMix64) -> Double {
    [1e-17, 1e-15, 0.01, 0.25, 1, 8, 64, Double(rng.next() % 1000 + 1) / 1e6].randomElement(using: &rng)!
  }

  static func randomPlayed(_ rng: inout SplitMix64) -> ScriptPlayer.Played {
    switch rng.next() % 5 {
    case 0: .pause(milliseconds: rng.next())
    case 1: .pause(milliseconds: [0x7fff_ffff_ffff_ffff, .max, 86_400_000].randomElement(using: &rng)!)
    case 2: .step(number: 1)
    case 3: .caption("c")
    default:
      .command(.allocate(FileRange(offset: 0, length: 4096)), text: "allocate 0", result: OperationResult(outcome: .ok))
    }
  }
}
