import ArgumentParser

/// How a script plays: the options of `play` and `compare`.
struct PlaybackOptions: ParsableArguments {
  @Flag(name: .customLong("step"), help: "Stop at every `step` until n, → or Space.")
  var stopsAtSteps = false

  @Option(
    parsing: .unconditional, help: "Playback speed, a multiple of real time from 0.01 to 64 (e.g. 0.5, 2).",
    transform: OptionValue.speed)
  var speed: Double = 1
}
