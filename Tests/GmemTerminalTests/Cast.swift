import Foundation

/// An asciicast v2 recording read back for the tests: the header and every event, each line parsed as JSON.
struct Cast {
  /// One `[time, kind, data]` event.
  struct Event {
    var time: Double
    var kind: String
    var data: String
  }

  /// The header object.
  var header: [String: Any]
  /// The events after the header, in file order.
  var events: [Event]

  /// Reads `path`; throws when a line is not the JSON asciicast v2 expects.
  init(path: String) throws {
    let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
    guard let first = lines.first,
      let header = try JSONSerialization.jsonObject(with: Data(first.utf8)) as? [String: Any]
    else { throw CastError.notAsciicast("the first line is not a header object") }
    self.header = header
    events = try lines.dropFirst().map { line in
      guard let array = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [Any], array.count == 3,
        let time = array[0] as? Double, let kind = array[1] as? String, let data = array[2] as? String
      else { throw CastError.notAsciicast("not an event: \(line)") }
      return Event(time: time, kind: kind, data: data)
    }
  }

  /// The labels of the `m` (marker) events.
  var markers: [String] { events.filter { $0.kind == "m" }.map(\.data) }
  /// Everything the `o` (output) events write.
  var output: String { events.filter { $0.kind == "o" }.map(\.data).joined() }
  /// True when no event comes before the one above it.
  var timesNeverDecrease: Bool { zip(events, events.dropFirst()).allSatisfy { $0.time <= $1.time } }
  /// The time of the last event.
  var duration: Double { events.last?.time ?? 0 }
}

/// A recording the tests cannot read.
enum CastError: Error {
  case notAsciicast(String)
}
