/// A negative number where an argument is expected (`gmemviz attach -1`): the parser takes `-1` for an option
/// named `1`, and says a value is missing. No gmemviz option is named by a digit, so such a word that does not
/// follow an option is moved after a `--`, where it is an argument and is refused for what it is
/// (`--pid -1: must be a whole number from 1 up`). A word after an option is that option's value: the options
/// that take numbers parse their next word unconditionally.
enum NegativeNumbers {
  /// `arguments` with each stray negative number moved after the `--` that ends the options.
  static func asPositionals(_ arguments: [String]) -> [String] {
    var options: [String] = []
    var moved: [String] = []
    var previous: String?
    for (index, word) in arguments.enumerated() {
      if word == "--" {
        return options + ["--"] + moved + arguments[(index + 1)...]
      }
      let isNegativeNumber = word.count > 1 && word.first == "-" && word.dropFirst().first!.isNumber
      if isNegativeNumber && !(previous?.hasPrefix("-") ?? false) {
        moved.append(word)
      } else {
        options.append(word)
      }
      previous = word
    }
    return moved.isEmpty ? options : options + ["--"] + moved
  }
}
