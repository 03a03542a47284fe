import GmemModel
import GmemView
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// The frame budget of PRODUCT.md: a full 200×60 frame of a 1 TiB file at any zoom, median well under 1 ms
/// in release. Debug builds only report the figure.
@Suite("Frame timing")
struct FrameTimingTests {
  static func now() -> UInt64 {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return UInt64(ts.tv_sec) * 1_000_000_000 + UInt64(ts.tv_nsec)
  }

  @Test(arguments: ZoomLevel.allCases)
  func oneTebibyteFrame(_ zoom: ZoomLevel) {
    let session = ScriptedSession(
      """
      profile rfc1
      vm snp
      gmem 1T hugetlb=1G
      bind
      allocate 0+1T
      private 0+1T
      share 0x1000
      share 0x4000000000+64K
      mmap
      host write 0x4000000000+16K 0xaa
      """, fresh: true)
    var state = session.state(zoom: zoom, cursor: 0x40_0000_0000 >> 12)
    state.faultabilityIndex = FaultabilityIndex.measure(session.model)
    let size = ScreenSize(width: 200, height: 60)
    var samples: [UInt64] = []
    for _ in 0..<41 {
      let t0 = Self.now()
      let screen = Renderer.render(session.model, state, size: size)
      samples.append(Self.now() - t0)
      #expect(screen.cells.count == 12_000)
    }
    samples.sort()
    let median = Double(samples[samples.count / 2]) / 1e6
    print("view.frame_200x60_1TiB_\(zoom.name)_median_ms \(median)")
    #if !DEBUG
      #expect(median < 1.0)
    #endif
  }
}
