import ArgumentParser

/// How a script plays: the options of `play` and `compare`.
struct PlaybackOptions: ParsableArguments {
  @Flag(name: .customLong("step"), help: "Stop at every `step` until n, → or Space.")
  var stopsAtSteps = false

  @Option(help: "Playback speed, a multiple of real time (e.g. 0.5, 2).")
  var speed: Double = 1

  func validate() throws {
    guard speed >= 0.01, speed <= 64 else {
      throw ValidationError("--speed \(speed): expected a number from 0.01 to 64")
    }
  }
}
