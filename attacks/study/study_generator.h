// The generator a study attacks with (StudyConfig::generator): a given weights file, the shipped
// generator when it fits the protocol, or one trained by the study on the public data, cached in
// cache/generator-<hash of its GAN configuration and data> (an interrupted training resumes).
#pragma once
#include <filesystem>
#include <string>

#include "attacks/study/study.h"

namespace phantom::attacks {

// Whether the shipped generator (trained on Fashion-MNIST classes 5–9) is the public-data
// generator of this configuration: Fashion-MNIST, class-split, private classes 0–4.
bool shipped_generator_fits(const StudyConfig& c);

// The weights path; `shipped` is where the shipped generator lies; a training runs on `device`.
std::string study_generator(const StudyConfig& c, const std::string& shipped,
                            const std::filesystem::path& cache, const StudyObserver& observer,
                            Device device = Device::cpu());

}  // namespace phantom::attacks
