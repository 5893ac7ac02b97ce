#include "tools/report/study_report.h"

#include <cmath>
#include <cstdio>
#include <map>

#include "attacks/ppa/take_rows.h"
#include "engine/autograd/node.h"
#include "engine/io/atomic_file.h"
#include "engine/io/image.h"
#include "engine/io/safetensors.h"
#include "engine/ops/arithmetic.h"
#include "engine/ops/shape_ops.h"
#include "engine/ops/unary.h"
#include "tools/report/base64.h"
#include "tools/report/svg_chart.h"

namespace phantom::report {

namespace {

using nlohmann::json;

std::string fmt(const char* format, double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, format, v);
  return buf;
}

std::string alpha_label(double a) {
  return "α = " + fmt("%+.3g", a);
}

// "0.812 [0.70, 0.90]" from a metrics summary entry.
std::string with_interval(const json& m, const char* key, const char* format = "%.3f") {
  if (!m.contains(key)) return "–";
  const json& e = m.at(key);
  return fmt(format, e.at("overall").get<double>()) + " <small>[" +
         fmt(format, e.at("ci_lower").get<double>()) + ", " +
         fmt(format, e.at("ci_upper").get<double>()) + "]</small>";
}

std::string overall(const json& m, const char* key, const char* format = "%.3f") {
  return m.contains(key) ? fmt(format, m.at(key).at("overall").get<double>()) : "–";
}

// An [N, C, H, W] batch in [−1, 1] as an <img> with a PNG data URI, scaled up for visibility.
std::string grid_img(const Tensor& images, int64_t per_row, const std::string& alt) {
  const Tensor grid = io::make_grid(images, per_row, 2, io::PixelRange::MinusOneOne, 1.0f);
  const std::string uri = "data:image/png;base64," + base64_encode(io::encode_png(grid));
  return "<img class=\"grid\" alt=\"" + alt + "\" src=\"" + uri + "\" width=\"" +
         std::to_string(grid.size(2) * 2) + "\">";
}

std::string results_table(const attacks::StudyResult& s) {
  std::string h =
      "<table><tr><th>α</th><th>test acc.</th><th>ECE</th><th>mean conf.</th>"
      "<th>attack acc. top-1 [95%]</th><th>top-5 [95%]</th><th>δ<sub>eval</sub></th>"
      "<th>domain FID</th><th>precision</th><th>recall</th><th>density</th><th>coverage</th>"
      "<th>knowledge extraction (test)</th></tr>\n";
  for (const attacks::AlphaResult& r : s.alphas) {
    const json& m = r.metrics;
    h += "<tr><td>" + fmt("%+.3g", r.alpha) + "</td><td>" + fmt("%.4f", r.target.test_accuracy) +
         "</td><td>" + fmt("%.4f", r.target.ece) + "</td><td>" +
         fmt("%.4f", r.target.mean_confidence) + "</td><td>" + with_interval(m, "accuracy_top1") +
         "</td><td>" + with_interval(m, "accuracy_top5") + "</td><td>" +
         with_interval(m, "delta_eval", "%.2f") + "</td><td>" + fmt("%.2f", m.value("fid", 0.0)) +
         "</td><td>" + overall(m, "precision") + "</td><td>" + overall(m, "recall") + "</td><td>" +
         overall(m, "density") + "</td><td>" + overall(m, "coverage") + "</td><td>" +
         (m.contains("knowledge_extraction")
              ? fmt("%.4f", m["knowledge_extraction"]["test_accuracy"].get<double>())
              : "–") +
         "</td></tr>\n";
  }
  return h + "</table>\n";
}

std::string tradeoff_chart(const attacks::StudyResult& s) {
  Series attack{"attack acc. (top-1)", {}, {}, {}, {}}, utility{"test accuracy", {}, {}, {}, {}};
  for (const attacks::AlphaResult& r : s.alphas) {
    const json& a = r.metrics.at("accuracy_top1");
    attack.x.push_back(r.alpha);
    attack.y.push_back(a.at("overall"));
    attack.lower.push_back(a.at("ci_lower"));
    attack.upper.push_back(a.at("ci_upper"));
    utility.x.push_back(r.alpha);
    utility.y.push_back(r.target.test_accuracy);
  }
  return svg_line_chart({.title = "Utility–privacy trade-off",
                         .x_label = "label smoothing α",
                         .y_label = "accuracy",
                         .series = {attack, utility},
                         .y_min = 0.0,
                         .y_max = 1.0,
                         .x_tick_labels = {}});
}

// An empty chart of top-1 attack accuracy (0 to 1) over α, for one series per sweep point.
Chart attack_accuracy_vs_alpha(const std::string& title) {
  return {.title = title,
          .x_label = "label smoothing α",
          .y_label = "top-1 attack accuracy",
          .series = {},
          .y_min = 0.0,
          .y_max = 1.0,
          .x_tick_labels = {}};
}

std::string sweep_chart(const ReportInputs& in) {
  Chart c = attack_accuracy_vs_alpha("Attack accuracy vs α per training-set size");
  for (const auto& [size, study] : in.sweep) {
    Series se{size > 0 ? std::to_string(size) + " per class" : "all images", {}, {}, {}, {}};
    for (const attacks::AlphaResult& r : study->alphas) {
      const json& a = r.metrics.at("accuracy_top1");
      se.x.push_back(r.alpha);
      se.y.push_back(a.at("overall"));
      se.lower.push_back(a.at("ci_lower"));
      se.upper.push_back(a.at("ci_upper"));
    }
    c.series.push_back(se);
  }
  return svg_line_chart(c);
}

// "0.812 [0.70, 0.90]" from a pooled interval.
std::string pooled(const attacks::ConfidenceInterval& ci, const char* format = "%.3f") {
  return fmt(format, ci.mean) + " <small>[" + fmt(format, ci.lower) + ", " + fmt(format, ci.upper) +
         "]</small>";
}

std::string per_seed(const std::vector<double>& values, const char* format) {
  std::string s;
  for (size_t i = 0; i < values.size(); ++i) s += (i ? " / " : "") + fmt(format, values[i]);
  return s;
}

// Attack accuracy vs α: one thin line per seed and the pooled mean with its interval.
std::string seed_chart(const attacks::SeedPooling& p) {
  Chart c = attack_accuracy_vs_alpha("Attack accuracy vs α per seed and pooled");
  Series all{"pooled (" + std::to_string(p.seeds.size()) + " seeds)", {}, {}, {}, {}};
  for (const attacks::PooledAlpha& a : p.alphas) {
    all.x.push_back(a.alpha);
    all.y.push_back(a.top1.mean);
    all.lower.push_back(a.top1.lower);
    all.upper.push_back(a.top1.upper);
  }
  c.series.push_back(all);
  for (size_t s = 0; s < p.seeds.size(); ++s) {
    Series se{"seed " + std::to_string(p.seeds[s]), {}, {}, {}, {}};
    for (const attacks::PooledAlpha& a : p.alphas) {
      se.x.push_back(a.alpha);
      se.y.push_back(a.top1_per_seed[s]);
    }
    c.series.push_back(se);
  }
  return svg_line_chart(c);
}

// The pooled table per α, with the paired differences against α = 0.
std::string seed_tables(const attacks::SeedPooling& p) {
  std::string h =
      "<p>Each (seed, class) pair is one unit: " + std::to_string(p.seeds.size()) + " seeds × " +
      std::to_string(p.classes) +
      " classes. Intervals: nested bootstrap 95% (seeds, then classes within a seed). The paired "
      "differences compare each unit with the same seed and class at α = 0: same data, "
      "evaluation model and generator, only the target's α differs.</p>\n"
      "<table><tr><th>α</th><th>attack acc. top-1 [95%]</th><th>top-5 [95%]</th>"
      "<th>δ<sub>eval</sub> [95%]</th><th>top-1 per seed</th><th>test acc. per seed</th>"
      "<th>knowledge extraction per seed</th><th>mean gradient cosine per seed</th>"
      "<th>top-1 minus α = 0 [95%]</th>"
      "<th>δ<sub>eval</sub> minus α = 0 [95%]</th><th>units higher / equal / lower</th></tr>\n";
  for (const attacks::PooledAlpha& a : p.alphas) {
    h += "<tr><td>" + fmt("%+.3g", a.alpha) + "</td><td>" + pooled(a.top1) + "</td><td>" +
         pooled(a.top5) + "</td><td>" + pooled(a.delta_eval, "%.2f") + "</td><td>" +
         per_seed(a.top1_per_seed, "%.2f") + "</td><td>" +
         per_seed(a.test_accuracy_per_seed, "%.3f") + "</td><td>" +
         per_seed(a.knowledge_per_seed, "%.3f") + "</td><td>" +
         per_seed(a.gradient_cosine_per_seed, "%+.3f") + "</td>";
    if (const auto& d = a.against_baseline)
      h += "<td>" + pooled(d->top1, "%+.3f") + "</td><td>" + pooled(d->delta_eval, "%+.2f") +
           "</td><td>" + std::to_string(d->higher) + " / " + std::to_string(d->equal) + " / " +
           std::to_string(d->lower) + "</td>";
    else
      h += "<td>–</td><td>–</td><td>–</td>";
    h += "</tr>\n";
  }
  h += "</table>\n<p>Top-1 attack accuracy per class, averaged over the "
       "seeds:</p>\n<table><tr><th>α</th>";
  for (size_t k = 0; k < p.alphas.front().top1_per_class.size(); ++k)
    h += "<th>" + (k < p.class_names.size() ? p.class_names[k] : "class " + std::to_string(k)) +
         "</th>";
  h += "</tr>\n";
  for (const attacks::PooledAlpha& a : p.alphas) {
    h += "<tr><td>" + fmt("%+.3g", a.alpha) + "</td>";
    for (double v : a.top1_per_class) h += "<td>" + fmt("%.2f", v) + "</td>";
    h += "</tr>\n";
  }
  return h + "</table>\n";
}

std::string stability_chart(const attacks::StudyResult& s) {
  Chart c{.title = "Gradient stability during optimisation",
          .x_label = "optimisation step",
          .y_label = "cos(∇w now, ∇w previous)",
          .series = {},
          .y_min = std::nullopt,
          .y_max = 1.0,
          .x_tick_labels = {}};
  for (const attacks::AlphaResult& r : s.alphas) {
    Series se{alpha_label(r.alpha), {}, {}, {}, {}};
    const std::vector<double> cos = r.metrics.value("gradient_cosine", std::vector<double>{});
    for (size_t k = 0; k < cos.size(); ++k) se.x.push_back(double(k + 1)), se.y.push_back(cos[k]);
    c.series.push_back(se);
  }
  return svg_line_chart(c);
}

std::string stage_chart(const attacks::StudyResult& s) {
  Chart c{.title = "Attack accuracy after each stage",
          .x_label = "stage",
          .y_label = "top-1 attack accuracy",
          .series = {},
          .y_min = 0.0,
          .y_max = 1.0,
          .x_tick_labels = {"sampling", "optimisation", "selection"}};
  for (const attacks::AlphaResult& r : s.alphas) {
    const json& st = r.metrics.at("stagewise_top1");
    c.series.push_back({alpha_label(r.alpha),
                        {0, 1, 2},
                        {st.at("sampling"), st.at("optimisation"), st.at("selection")},
                        {},
                        {}});
  }
  return svg_line_chart(c);
}

std::string image_grids(const ReportInputs& in) {
  const attacks::StudyResult& s = *in.study;
  std::string h;
  for (int64_t cls = 0; cls < int64_t(s.class_names.size()); ++cls) {
    h += "<h3>class " + std::to_string(cls) + ": " + s.class_names[size_t(cls)] + "</h3>\n";
    h +=
        "<div class=\"row\"><figure>" +
        grid_img(
            affine(attacks::rows_with_label(s.private_train.images, s.private_train.labels, cls, 8),
                   2.0, -1.0),
            4, "real") +
        "<figcaption>real private training images</figcaption></figure>\n";
    for (const attacks::AlphaResult& r : s.alphas) {
      const SafetensorsFile ev =
          read_safetensors((r.attack_dir / "evaluation.safetensors").string());
      std::vector<int64_t> classes;
      for (double v : ev.tensors.at("selected_classes").to_vector()) classes.push_back(int64_t(v));
      const Tensor mine =
          attacks::rows_with_label(ev.tensors.at("selected_images"), classes, cls, 8);
      const Tensor near =
          attacks::rows_with_label(ev.tensors.at("nearest_private_images"), classes, cls, 8);
      if (!mine.defined()) continue;
      h += "<figure>" + grid_img(concat({mine, near}, 0), mine.size(0), "reconstructions") +
           "<figcaption>" + alpha_label(r.alpha) +
           ": reconstructions (top) and their nearest private images (bottom)</figcaption>"
           "</figure>\n";
    }
    h += "</div>\n";
  }
  return h;
}

std::string generator_samples(attacks::ImagePrior& g) {
  NoGradGuard no_grad;
  Generator gen(12345);
  const Tensor ws = g.map(gen.normal({32, g.z_dim()}), 1.0, -1);
  return grid_img(clamp(g.synthesize(ws), -1.0, 1.0), 8, "generator samples");
}

}  // namespace

std::string study_report_html(const ReportInputs& in) {
  const attacks::StudyResult& s = *in.study;
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>phantom study report</title><style>"
      "body{font-family:sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}"
      "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:4px 8px;"
      "text-align:right}th{background:#eee}.row{display:flex;flex-wrap:wrap;gap:16px}"
      "figure{margin:0}figcaption{font-size:12px;max-width:300px}img.grid{image-rendering:"
      "pixelated}pre{background:#f6f6f6;padding:1em;overflow:auto;font-size:12px}</style>"
      "</head><body>\n";
  h += "<h1>Label smoothing and model inversion: study report</h1>\n";
  h += "<p>Targets trained with label smoothing α ∈ {";
  for (size_t i = 0; i < s.alphas.size(); ++i)
    h += (i ? ", " : "") + fmt("%+.3g", s.alphas[i].alpha);
  h += "}, attacked with the Plug &amp; Play Attack on every private class; metrics from a "
       "separate evaluation model (" +
       s.config.evaluation.arch + ", test accuracy " + fmt("%.4f", s.evaluation.test_accuracy) +
       "). Intervals are bootstrap 95% intervals over classes.</p>\n";
  h += "<h2>Results per α (seed " + std::to_string(s.config.seed) + ")</h2>\n" + results_table(s);
  h += "<h2>Plots</h2>\n<div class=\"row\">" + tradeoff_chart(s) + stability_chart(s) +
       stage_chart(s) + "</div>\n";
  if (!in.sweep.empty()) {
    h += "<h2>Training-set size sweep</h2>\n" + sweep_chart(in);
    for (const auto& [size, study] : in.sweep)
      h += "<h3>" + (size > 0 ? std::to_string(size) + " images per class" : "all images") +
           "</h3>\n" + results_table(*study);
  }
  if (in.seeds) h += "<h2>Seed sweep</h2>\n" + seed_chart(*in.seeds) + seed_tables(*in.seeds);
  h += "<h2>Reconstructions</h2>\n" + image_grids(in);
  if (in.generator) h += "<h2>Generator samples</h2>\n" + generator_samples(*in.generator) + "\n";
  h += "<h2>Manifest</h2>\n<pre>" + in.manifest.dump(2) + "</pre>\n";
  return h + "</body></html>\n";
}

void write_study_report(const std::string& path, const ReportInputs& inputs) {
  write_file_atomically(path, study_report_html(inputs));
}

}  // namespace phantom::report
