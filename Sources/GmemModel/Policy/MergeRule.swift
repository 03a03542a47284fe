/// Which split huge folios a conversion to private may merge back (reconstruct), once none of their pages is
/// faultable (rfc1) or shared (rfc2, inplace) and nothing maps or pins them.
public enum MergeRule: String, Sendable, Codable {
  /// Only the huge pages the converted range covers whole: rfc1 patch 39's
  /// `kvm_gmem_try_reconstruct_folios_range` rounds the range inward (start up, end down), so a conversion of
  /// one 4 KiB page never merges its folio. (The spec's §2.10 reads "all indices non-faultable" alone.)
  case coveredHugePages
  /// Every huge page the range overlaps: rfc2's `kvm_gmem_restructure_folios_in_range` rounds outward.
  case overlappingHugePages

  /// The pages whose huge pages a conversion to private over `range` may merge, for huge pages of
  /// `pagesPerFolio` pages; empty when it may merge none.
  public func scope(of range: Range<Int>, pagesPerFolio n: Int) -> Range<Int> {
    switch self {
    case .coveredHugePages:
      let lo = (range.lowerBound + n - 1) / n * n
      let hi = range.upperBound / n * n
      return lo < hi ? lo..<hi : lo..<lo
    case .overlappingHugePages:
      return range.lowerBound / n * n..<(range.upperBound + n - 1) / n * n
    }
  }

  /// Why a split folio with nothing else holding it did not merge under this rule, or nil when only its pages'
  /// state can hold it.
  public var uncoveredReason: String? {
    switch self {
    case .coveredHugePages:
      "not covered by the conversion (kvm_gmem_try_reconstruct_folios_range merges only huge pages a conversion to private covers whole)"
    case .overlappingHugePages: nil
    }
  }
}
