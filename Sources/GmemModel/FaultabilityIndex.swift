/// How many entries the faultability (shareability) index would hold in each encoding the RFC thread weighed
/// (spec §6 rows 2–3): an xarray whose present entries mean faultable (RFC1's choice), one whose present
/// entries mean unfaultable, and a range tree with no gaps (the later maple tree).
public struct FaultabilityIndex: Equatable, Sendable {
  /// Entries when presence means faultable: one per faultable page.
  public var presenceFaultable: Int
  /// Entries when presence means unfaultable: one per unfaultable page.
  public var presenceUnfaultable: Int
  /// Entries of a range tree: one per run of equal faultability.
  public var ranges: Int

  public init(presenceFaultable: Int, presenceUnfaultable: Int, ranges: Int) {
    self.presenceFaultable = presenceFaultable
    self.presenceUnfaultable = presenceUnfaultable
    self.ranges = ranges
  }

  /// The index over every page of `view`'s file, walking runs (a uniform region is one step).
  public static func measure(_ view: any StateView) -> FaultabilityIndex {
    let total = view.pageCount
    var faultable = 0
    var ranges = 0
    var last: Bool?
    view.forEachRun(in: 0..<total) { run, s in
      if s.isFaultable { faultable += run.count }
      if s.isFaultable != last {
        ranges += 1
        last = s.isFaultable
      }
    }
    return FaultabilityIndex(presenceFaultable: faultable, presenceUnfaultable: total - faultable, ranges: ranges)
  }
}
