#include "attacks/metrics/metrics_table.h"

#include <charconv>
#include <fstream>

#include "engine/core/error.h"
#include "engine/io/atomic_file.h"

namespace phantom::attacks {

namespace {

std::string shortest(double value) {
  char buffer[32];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  PHANTOM_CHECK(ec == std::errc(), "formatting ", value);
  return {buffer, end};
}

// RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled. (Built by
// appending: GCC 12 misreports `"," + std::string` as an overlapping memcpy under -Wrestrict.)
std::string csv_field(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out(1, '"');
  for (char ch : text) {
    out += ch;
    if (ch == '"') out += '"';
  }
  out += '"';
  return out;
}

// The fields of one CSV line (RFC 4180 quoting; our fields never span lines).
std::vector<std::string> csv_fields(const std::string& line, const std::string& where) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted && ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      fields.back() += '"';
      ++i;
    } else if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back() += ch;
    }
  }
  PHANTOM_REQUIRE(!quoted, where, ": a quoted field is not closed");
  return fields;
}

template <class T>
T parse_number(const std::string& text, const std::string& where) {
  T value{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  PHANTOM_REQUIRE(ec == std::errc() && end == text.data() + text.size(), where,
                  ": expected a number, found '", text, "'");
  return value;
}

}  // namespace

void MetricsTable::add(const std::string& name, const ClassMetric& metric) {
  PHANTOM_CHECK(metric.classes.size() == metric.per_class.size(), name, ": ", metric.classes.size(),
                " classes but ", metric.per_class.size(), " values");
  if (columns_.empty()) classes_ = metric.classes;
  PHANTOM_REQUIRE(metric.classes == classes_, "metrics table: column '", name,
                  "' covers different classes than the columns before it");
  PHANTOM_REQUIRE(name != "class" && name != "name" && name != "bootstrap", "metrics table: '",
                  name, "' is reserved for the table's own fields; name the column differently");
  for (const auto& [existing, unused] : columns_)
    PHANTOM_REQUIRE(existing != name, "metrics table: column '", name, "' added twice");
  columns_.emplace_back(name, metric);
}

std::string MetricsTable::to_csv(const std::vector<std::string>& class_names) const {
  std::string out = "class,name";
  for (const auto& [name, unused] : columns_) (out += ',') += csv_field(name);
  out += '\n';
  for (size_t row = 0; row < classes_.size(); ++row) {
    const auto c = static_cast<size_t>(classes_[row]);
    (out += std::to_string(classes_[row])) += ',';
    if (c < class_names.size()) out += csv_field(class_names[c]);
    for (const auto& [unused, metric] : columns_) (out += ',') += shortest(metric.per_class[row]);
    out += '\n';
  }
  return out;
}

nlohmann::json MetricsTable::summary(const BootstrapOptions& bootstrap) const {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& [name, metric] : columns_) {
    const ConfidenceInterval ci = bootstrap_mean_ci(metric.per_class, bootstrap);
    out[name] = {{"overall", metric.overall},
                 {"class_mean", ci.mean},
                 {"ci_lower", ci.lower},
                 {"ci_upper", ci.upper}};
  }
  out["bootstrap"] = {{"over", "classes"},
                      {"classes", classes_.size()},
                      {"resamples", bootstrap.resamples},
                      {"level", bootstrap.level},
                      {"seed", bootstrap.seed}};
  return out;
}

void write_metrics_csv(const std::string& path, const MetricsTable& table,
                       const std::vector<std::string>& class_names) {
  write_file_atomically(path, table.to_csv(class_names));
}

const std::vector<double>& MetricsCsv::column(const std::string& name) const {
  const auto it = columns.find(name);
  PHANTOM_REQUIRE(it != columns.end(), path, ": no column '", name, "'");
  return it->second;
}

MetricsCsv read_metrics_csv(const std::string& path) {
  std::ifstream in(path);
  PHANTOM_REQUIRE(in.good(), path, ": cannot read the metrics table");
  MetricsCsv csv{.path = path, .classes = {}, .columns = {}};
  std::string line;
  PHANTOM_REQUIRE(std::getline(in, line), path, ": empty file, expected a header line");
  const std::vector<std::string> header = csv_fields(line, path + ": line 1");
  PHANTOM_REQUIRE(header.size() >= 2 && header[0] == "class" && header[1] == "name", path,
                  ": expected a header starting with 'class,name', found '", line, "'");
  for (size_t col = 2; col < header.size(); ++col) csv.columns[header[col]];
  PHANTOM_REQUIRE(csv.columns.size() == header.size() - 2, path, ": a column name repeats");
  for (int64_t number = 2; std::getline(in, line); ++number) {
    const std::string where = path + ": line " + std::to_string(number);
    const std::vector<std::string> fields = csv_fields(line, where);
    PHANTOM_REQUIRE(fields.size() == header.size(), where, ": expected ", header.size(),
                    " fields, found ", fields.size());
    csv.classes.push_back(parse_number<int64_t>(fields[0], where + ", column 'class'"));
    for (size_t col = 2; col < header.size(); ++col)
      csv.columns[header[col]].push_back(
          parse_number<double>(fields[col], where + ", column '" + header[col] + "'"));
  }
  return csv;
}

void write_json_file(const std::string& path, const nlohmann::json& value) {
  write_file_atomically(path, value.dump(2) + "\n");
}

}  // namespace phantom::attacks
