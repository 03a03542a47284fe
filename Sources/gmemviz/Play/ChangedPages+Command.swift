import GmemModel
import GmemView

extension ChangedPages {
  /// The pages to flash after `command`: those its events changed, and the pages it named (reads change no state
  /// but are operations too), within the file of `view`.
  static func flashed(by command: Command, result: OperationResult, in view: any StateView) -> [Range<Int>] {
    var pages = ranges(of: result.events, backing: view.backing, pageCount: view.pageCount)
    if let touched = command.range?.touchedPages {
      let count = UInt64(view.pageCount)
      let lo = Int(min(touched.lowerBound, count))
      let hi = Int(min(touched.upperBound, count))
      if lo < hi { pages.append(lo..<hi) }
    }
    return pages
  }
}
