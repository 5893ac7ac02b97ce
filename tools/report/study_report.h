// The study's self-contained HTML report (runs/<name>/report.html): the per-α table, SVG plots of
// the utility–privacy trade-off, gradient stability and stage-wise accuracy, image grids of the
// reconstructions beside real private images and their nearest neighbours, generator samples, and
// the manifest. Images are embedded as PNG data URIs, so the file opens offline on its own.
#pragma once
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "attacks/ppa/image_prior.h"
#include "attacks/study/seed_pooling.h"
#include "attacks/study/study.h"

namespace phantom::report {

struct ReportInputs {
  const attacks::StudyResult* study = nullptr;
  attacks::ImagePrior* generator = nullptr;  // for the sample grid
  nlohmann::json manifest;                   // configuration, seeds, versions, times, device
  // --sweep train-size: one finished study per training-set size (0 = all), for the sweep chart.
  std::vector<std::pair<int64_t, const attacks::StudyResult*>> sweep;
  // --sweep seed: the studies of every seed pooled, for the pooled and paired tables.
  std::optional<attacks::SeedPooling> seeds;
};

// The HTML text.
std::string study_report_html(const ReportInputs& inputs);
// Writes it atomically to `path`.
void write_study_report(const std::string& path, const ReportInputs& inputs);

}  // namespace phantom::report
