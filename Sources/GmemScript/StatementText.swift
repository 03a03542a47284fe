import GmemModel

extension Statement {
  /// The statement in the language's canonical form: offsets, lengths and sizes in hexadecimal, ranges as
  /// `OFF+LEN`, bytes as `0xaa`, counts in decimal, options after the positional arguments in a fixed order
  /// (`allocate 0x0+0x40000000`, `share 0x1000+0x1000 content=preserve`, `expect EINVAL at 0x1000`,
  /// `say "a \"quoted\" caption"`).
  ///
  /// `Parser.parseLine(text)` gives the statement back for every statement the parser produces. Values the
  /// language cannot write (a negative count, a caption with a control character, an empty `pool` or
  /// `expect count` list, duplicate pool sizes, flags or counters) print but do not parse back.
  public var text: String {
    switch self {
    case .command(let command): commandText(command)
    case .expect(let expectation): "expect " + expectationText(expectation)
    case .say(let caption): "say " + quoted(caption)
    case .pause(let ms): "pause " + (ms > 0 && ms % 1000 == 0 ? "\(ms / 1000)s" : "\(ms)ms")
    case .step: "step"
    }
  }
}

/// The words of a command.
private func commandText(_ command: Command) -> String {
  var words = [command.verb]
  func option(_ key: String, _ value: String?) {
    if let value { words.append("\(key)=\(value)") }
  }
  switch command {
  case .profile(let profile): words.append(profile.rawValue)
  case .vm(let type): words.append(type.rawValue)
  case .pool(let settings): words += settings.map { "\($0.backing.rawValue)=\($0.count)" }
  case .gmem(let spec):
    words.append(hex(spec.size))
    option("hugetlb", spec.hugetlb?.rawValue)
    let flags = spec.flagNames.map(\.rawValue) + (spec.rawFlags.map { [hex($0)] } ?? [])
    option("flags", flags.isEmpty ? nil : flags.joined(separator: ","))
  case .bind(let spec):
    option("gpa", spec.gpa.map(hex))
    option("offset", spec.offset.map(hex))
    option("size", spec.size.map(hex))
    option("slot", spec.slot.map(String.init))
  case .unbind(let slot): option("slot", slot.map(String.init))
  case .mmap(let process), .munmap(let process): option("process", process.map(String.init))
  case .close: break
  case .allocate(let range), .punch(let range), .pin(let range), .unpin(let range):
    words.append(rangeText(range))
  case .convert(let range, _, let content):
    words.append(rangeText(range))
    option("content", content?.rawValue)
  case .hostRead(let range, let process), .dontneed(let range, let process),
    .remove(let range, let process):
    words.append(rangeText(range))
    option("process", process.map(String.init))
  case .hostWrite(let range, let byte, let process):
    words += [rangeText(range), byteText(byte)]
    option("process", process.map(String.init))
  case .guestRead(let range, let access):
    words.append(rangeText(range))
    option("as", access?.rawValue)
  case .guestWrite(let range, let byte, let access):
    words += [rangeText(range), byteText(byte)]
    option("as", access?.rawValue)
  }
  return words.joined(separator: " ")
}

/// What follows `expect `.
private func expectationText(_ expectation: Expectation) -> String {
  func at(_ offset: UInt64?) -> String { offset.map { " at \(hex($0))" } ?? "" }
  switch expectation {
  case .ok: return "ok"
  case .errno(let errno, let offset): return errno.rawValue + at(offset)
  case .signal(let signal, let offset): return signal.rawValue + at(offset)
  case .exit(let reason, let offset): return reason.rawValue + at(offset)
  case .value(let byte): return "value " + byteText(byte)
  case .page(let range, let words):
    return (["page", rangeText(range)] + words.map(\.description)).joined(separator: " ")
  case .folio(let offset, let whole): return "folio \(hex(offset)) " + (whole ? "whole" : "split")
  case .count(let counters):
    return (["count"] + counters.map { "\($0.name.rawValue)=\($0.value)" }).joined(separator: " ")
  }
}

/// `OFF+LEN` in hexadecimal.
private func rangeText(_ range: FileRange) -> String { "\(hex(range.offset))+\(hex(range.length))" }

/// `0x0a`: a byte in two hexadecimal digits.
private func byteText(_ byte: UInt8) -> String {
  (byte < 16 ? "0x0" : "0x") + String(byte, radix: 16)
}

/// A string literal: in double quotes, with `"` and `\` escaped (as scalars, the way the lexer reads them,
/// so a quote followed by a combining mark is escaped too).
private func quoted(_ text: String) -> String {
  var literal = String.UnicodeScalarView()
  literal.append("\"")
  for scalar in text.unicodeScalars {
    if scalar == "\"" || scalar == "\\" { literal.append("\\") }
    literal.append(scalar)
  }
  literal.append("\"")
  return String(literal)
}
