import GmemKVM
import GmemModel
import GmemScript

/// What `gmemviz caps` prints for a report: a table, or one JSON object per capability.
enum CapsOutput {
  /// The table: the API version, a header naming the value columns (/dev/kvm, then a VM of each probed type),
  /// one line per capability with its number, values and meaning, a line per VM type that could not be created,
  /// and the summary.
  static func text(_ report: CapabilityReport) -> [String] {
    let width = report.capabilities.map(\.name.count).max() ?? 0
    let columns = ["system"] + report.probedVMTypes.map(\.rawValue)
    let widths = columns.map { max($0.count, 6) }
    func row(_ cells: [String]) -> String {
      zip(cells, widths).map { $0.padding($1) }.joined(separator: " ")
    }
    var lines = ["KVM_GET_API_VERSION".padding(width) + "     = \(report.apiVersion)"]
    lines.append("".padding(width) + "       " + row(columns).trimmingTrailingSpaces)
    for capability in report.capabilities {
      let number = String(capability.number).leftPadding(3)
      let values =
        [String(capability.systemValue)]
        + report.probedVMTypes.map { capability.typeValues[$0].map(String.init) ?? "-" }
      lines.append("\(capability.name.padding(width)) \(number) = \(row(values)) \(capability.meaning)")
    }
    for type in report.probedVMTypes {
      if let errno = report.vmCreationErrnos[type] {
        lines.append("(KVM_CREATE_VM(\(type.value)) for \(type.rawValue) failed: \(KVMError.message(errno)))")
      }
    }
    lines.append("summary: \(report.summary)")
    return lines
  }

  /// One capability as a JSON object on one line. `value` and `vm` are a default VM's, `system` is /dev/kvm's, and
  /// `vm_types` has the value on a VM of each probed type (null where KVM_CREATE_VM failed).
  static func json(_ capability: KVMCapability, types: [VMType]) -> String {
    let vm = capability.vmValue.map(String.init) ?? "null"
    let perType = types.map { type in
      RunOutput.quote(type.rawValue) + ":" + (capability.typeValues[type].map(String.init) ?? "null")
    }
    return
      "{\"name\":\(RunOutput.quote(capability.name)),\"number\":\(capability.number),\"value\":\(capability.value),"
      + "\"system\":\(capability.systemValue),\"vm\":\(vm),"
      + "\"vm_types\":{\(perType.joined(separator: ","))},"
      + "\"configuration\":\(capability.definition.isConfiguration),"
      + "\"origin\":\(RunOutput.quote(capability.definition.origin)),\"meaning\":\(RunOutput.quote(capability.meaning))}"
  }
}

extension String {
  fileprivate func padding(_ width: Int) -> String {
    count >= width ? self : self + String(repeating: " ", count: width - count)
  }

  fileprivate func leftPadding(_ width: Int) -> String {
    count >= width ? self : String(repeating: " ", count: width - count) + self
  }

  fileprivate var trimmingTrailingSpaces: String {
    String(self[..<(lastIndex { $0 != " " }.map(index(after:)) ?? startIndex)])
  }
}
