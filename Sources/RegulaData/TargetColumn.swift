/// Which column of a table holds the targets (labels or responses).
///
/// CSV files and two-dimensional NPY arrays are tables whose columns are features except for
/// one target column. LIBSVM files keep their label apart from the features, so there only
/// ``last`` (the default, meaning "the label") and ``absent`` apply.
public enum TargetColumn: Sendable, Hashable {
  /// The last column (the default, as in the command line's `--target`).
  case last
  /// The column at a 0-based index.
  case index(Int)
  /// The column whose header is `name` (CSV files with a header row only).
  case name(String)
  /// No target: every column is a feature, and the data set's targets are empty.
  case absent
}
