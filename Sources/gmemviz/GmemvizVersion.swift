/// The version of gmemviz, which `gmemviz --version` prints and a saved session (`:save`) names.
enum GmemvizVersion {
  static let text = "0.9.0"
}
