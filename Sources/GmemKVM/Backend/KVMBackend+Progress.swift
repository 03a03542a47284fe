import GmemModel

// Long operations are cut into chunks, so that progress is reported and the user can stop them in between.
extension KVMBackend: ReportsProgress {
  /// Operations on fewer bytes than this report no progress: they take milliseconds.
  static let progressThreshold: UInt64 = 64 << 20

  /// Calls `body` on successive chunks of `range` of at most `chunk` bytes, reporting progress as `call` after each
  /// chunk when the range is large. A stop asked for by `onProgress` fails the operation with EINTR at the offset
  /// reached; what was done stays done.
  func inChunks(
    _ range: FileRange, chunk: UInt64, call: String,
    _ body: (_ offset: UInt64, _ length: UInt64) throws(OperationFailure) -> Void
  ) throws(OperationFailure) {
    let reports = range.length >= Self.progressThreshold && onProgress != nil
    var done: UInt64 = 0
    while done < range.length {
      let length = min(chunk, range.length - done)
      try body(range.offset + done, length)
      done += length
      if reports, done < range.length,
        onProgress?(OperationProgress(call: call, done: done, total: range.length)) == false
      {
        wasStopped = true
        throw OperationFailure(
          .EINTR, at: range.offset + done,
          "\(call) stopped by the user after \(sizeName(done)) of \(sizeName(range.length)); that much stays done")
      }
    }
  }
}
