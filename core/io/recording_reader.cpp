#include "core/io/recording_reader.h"

#include <unistd.h>

#include <algorithm>
#include <mutex>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "core/io/hdf5_guard.h"
#include "core/io/hdf5_handle.h"
#include "core/io/recording_schema.h"
#include "core/util/error.h"

namespace steerscope {

namespace rs = recording_schema;

namespace {

Hdf5Handle open_dataset(hid_t file, const std::string& name, const std::string& where) {
  return Hdf5Handle(H5Dopen2(file, name.c_str(), H5P_DEFAULT), where + ": opening " + name);
}

// Reads [first, first + count) along axis 0 of a rank-1 or rank-2 dataset ([rows, cols]).
void read_row_range(hid_t dataset, hid_t mem_type, hsize_t first, hsize_t count, hsize_t cols, void* out,
                    const std::string& what) {
  if (count == 0) return;
  Hdf5Handle file_space(H5Dget_space(dataset), what);
  int rank = cols ? 2 : 1;
  hsize_t start[2] = {first, 0}, n[2] = {count, cols};
  hdf5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, n, nullptr), what);
  Hdf5Handle mem_space(H5Screate_simple(rank, n, nullptr), what);
  hdf5_check(H5Dread(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, out), what);
}

}  // namespace

struct RecordingReader::Impl {
  std::string path;
  int schema_version = 0;
  std::string writer_version;
  RunInfo run;
  ModelConstants constants;
  RecordingOptions options;
  Hdf5Handle file;
  Hdf5Handle row_type, layer_type;
  Hdf5Handle details, token_ids, token_logprobs, log_mel;
  hsize_t mel_extent = 0;
  struct Layer {
    Hdf5Handle index, probs, delta_norm;
    hsize_t probs_extent = 0, delta_extent = 0;
    bool loaded = false;
    std::vector<LayerExtent> extents;  // [size()] once loaded
  };
  std::vector<Layer> layers;
  std::vector<rs::UtteranceRow> rows;  // committed rows only
  std::vector<std::string> ids;
  std::vector<UtteranceInfo> infos;
  std::unordered_map<std::string, size_t> by_id;
  mutable std::mutex cache_mutex;  // guards Layer::loaded / extents

  void open() {
    if (::access(path.c_str(), R_OK) != 0)
      throw Error(path + ": cannot read file (missing or no permission)");
    Hdf5Handle fapl = rs::file_access_properties();
    // SWMR read mode opens every recording: one being written (the writer may be appending right now;
    // SWMR readers retry metadata caught mid-update), one whose writer was killed (HDF5's "open for
    // writing" mark is still set, and the stored end-of-file may lag behind), and a closed one. Files in an
    // older HDF5 format cannot be opened that way; the plain open then gives the informative error (or
    // opens it, and check_format says what it is).
    // HDF5's own file locking is off, as in the writer (which has its own lock): HDF5 shares one open file
    // between a writer and a reader in the same process only if their locking settings match.
#if H5_VERSION_GE(1, 10, 7)
    hdf5_check(H5Pset_file_locking(fapl, false, true), path + ": disabling HDF5 file locking");
#endif
    hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDONLY | H5F_ACC_SWMR_READ, fapl);
    if (f < 0) {
      hdf5_error_message();  // clear the stack
      f = H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl);
      if (f < 0) throw Error(path + ": cannot open as a recording: " + hdf5_error_message());
    }
    file = Hdf5Handle(f, path);
    schema_version = rs::check_format(file, path);
    writer_version = rs::has_attribute(file, rs::kAttrWriterVersion)
                         ? rs::read_string_attribute(file, rs::kAttrWriterVersion, path)
                         : "";
    run = rs::read_run_info(file, path);
    constants = rs::read_model_constants(file, path);
    options = rs::read_options(file, path);
    row_type = rs::utterance_row_type();
    layer_type = rs::layer_row_type();

    Hdf5Handle index = open_dataset(file, rs::kIndex, path);
    Hdf5Handle names = open_dataset(file, rs::kNames, path);
    details = open_dataset(file, rs::kDetails, path);
    token_ids = open_dataset(file, rs::kTokenIds, path);
    token_logprobs = open_dataset(file, rs::kTokenLogprobs, path);
    if (options.n_mels > 0) {
      log_mel = open_dataset(file, rs::kLogMel, path);
      mel_extent = rs::dataset_extent(log_mel, 1, path);
    }
    layers.resize(size_t(constants.layers));
    for (int l = 0; l < constants.layers; ++l) {
      std::string g = rs::layer_group(l, constants.layers);
      Layer& layer = layers[size_t(l)];
      layer.index = open_dataset(file, g + "/index", path);
      layer.probs = open_dataset(file, g + "/probs", path);
      layer.delta_norm = open_dataset(file, g + "/delta_norm", path);
      layer.probs_extent = rs::dataset_extent(layer.probs, 0, path);
      layer.delta_extent = rs::dataset_extent(layer.delta_norm, 0, path);
      hsize_t cols = rs::dataset_extent(layer.probs, 1, path);
      if (cols != hsize_t(constants.experts))
        throw Error(path + ": " + g + "/probs has " + std::to_string(cols) + " columns, the model has " +
                    std::to_string(constants.experts) + " experts");
    }

    hsize_t n_rows = rs::dataset_extent(index, 0, path);
    rows.resize(n_rows);
    rs::read_rows(index, row_type, 0, n_rows, rows.data(), path + ": reading " + rs::kIndex);
    rs::HeapExtents e;
    e.names = rs::dataset_extent(names, 0, path);
    e.details = rs::dataset_extent(details, 0, path);
    e.tokens = std::min(rs::dataset_extent(token_ids, 0, path), rs::dataset_extent(token_logprobs, 0, path));
    e.mel = mel_extent;
    rows.resize(rs::count_committed(rows, e));

    int64_t names_end = 0;
    for (const auto& r : rows)
      names_end = std::max(names_end, r.names_offset + r.id_length + r.speaker_length);
    std::string name_bytes(size_t(names_end), '\0');
    rs::read_rows(names, H5T_NATIVE_UINT8, 0, hsize_t(names_end), name_bytes.data(),
                  path + ": reading " + rs::kNames);
    for (size_t i = 0; i < rows.size(); ++i) {
      const auto& r = rows[i];
      UtteranceInfo info;
      info.index = i;
      info.id = name_bytes.substr(size_t(r.names_offset), size_t(r.id_length));
      info.speaker = name_bytes.substr(size_t(r.names_offset + r.id_length), size_t(r.speaker_length));
      info.duration_s = r.duration_s;
      info.source_sample_rate = int(r.source_sample_rate);
      info.log_mel_frames = r.mel_frames;
      info.log_mel_frame_rate_hz = r.mel_frame_rate_hz;
      info.has_output = r.has_output != 0;
      info.token_count = r.has_output ? r.token_count : 0;
      if (!by_id.emplace(info.id, i).second)
        throw Error(path + ": utterance id '" + info.id + "' appears twice in the index");
      ids.push_back(info.id);
      infos.push_back(std::move(info));
    }
  }

  void check_index(size_t index) const {
    if (index >= rows.size())
      throw Error(path + ": utterance index " + std::to_string(index) +
                  " is out of range (the recording has " + std::to_string(rows.size()) + ")");
  }

  void check_layer(int layer) const {
    if (layer < 0 || layer >= constants.layers)
      throw Error(path + ": layer " + std::to_string(layer) + " is out of range (the model has " +
                  std::to_string(constants.layers) + " router layers)");
  }

  LayerExtent to_extent(const rs::LayerRow& r, const Layer& layer, int l, size_t u) const {
    const bool ok = r.offset >= 0 && r.frames >= 0 && hsize_t(r.offset + r.frames) <= layer.probs_extent &&
                    (r.delta_norm_frames == 0 ||
                     (r.delta_norm_frames == r.frames && hsize_t(r.offset + r.frames) <= layer.delta_extent));
    if (!ok)
      throw Error(path + ": " + rs::layer_group(l, constants.layers) + "/index row " + std::to_string(u) +
                  " points outside the layer's data (offset " + std::to_string(r.offset) + ", " +
                  std::to_string(r.frames) + " frames); the file is damaged");
    return {r.offset, r.frames, r.valid_frames, r.delta_norm_frames, r.frame_rate_hz};
  }

  // Caller holds an Hdf5Guard.
  const std::vector<LayerExtent>& load_layer(int l) {
    std::lock_guard<std::mutex> lock(cache_mutex);
    Layer& layer = layers[size_t(l)];
    if (!layer.loaded) {
      const std::string what = path + ": reading " + rs::layer_group(l, constants.layers) + "/index";
      hsize_t available = rs::dataset_extent(layer.index, 0, path);
      if (available < rows.size())
        throw Error(what + ": " + std::to_string(available) + " rows for " + std::to_string(rows.size()) +
                    " utterances; the file is damaged");
      std::vector<rs::LayerRow> raw(rows.size());
      rs::read_rows(layer.index, layer_type, 0, rows.size(), raw.data(), what);
      layer.extents.clear();
      for (size_t u = 0; u < raw.size(); ++u) layer.extents.push_back(to_extent(raw[u], layer, l, u));
      layer.loaded = true;
    }
    return layer.extents;
  }

  LayerExtent layer_extent(size_t u, int l) {
    {
      std::lock_guard<std::mutex> lock(cache_mutex);
      if (layers[size_t(l)].loaded) return layers[size_t(l)].extents[u];
    }
    rs::LayerRow r;
    rs::read_rows(layers[size_t(l)].index, layer_type, u, 1, &r,
                  path + ": reading " + rs::layer_group(l, constants.layers) + "/index");
    return to_extent(r, layers[size_t(l)], l, u);
  }

  RouterTrace read_layer(size_t u, int l) {
    LayerExtent x = layer_extent(u, l);
    const Layer& layer = layers[size_t(l)];
    const std::string what =
        path + ": reading " + rs::layer_group(l, constants.layers) + " of utterance '" + ids[u] + "'";
    RouterTrace t;
    t.layer = l;
    t.frame_rate_hz = x.frame_rate_hz;
    t.valid_frames = x.valid_frames;
    t.probs = FloatMatrix(x.frames, constants.experts);
    read_row_range(layer.probs, H5T_NATIVE_FLOAT, hsize_t(x.offset), hsize_t(x.frames),
                   hsize_t(constants.experts), t.probs.values.data(), what);
    t.delta_norm.resize(size_t(x.delta_norm_frames));
    read_row_range(layer.delta_norm, H5T_NATIVE_FLOAT, hsize_t(x.offset), hsize_t(x.delta_norm_frames), 0,
                   t.delta_norm.data(), what);
    return t;
  }

  FloatMatrix read_log_mel(size_t u) {
    const auto& r = rows[u];
    if (r.mel_frames < 0) return FloatMatrix();
    FloatMatrix m(options.n_mels, r.mel_frames);
    if (r.mel_frames == 0) return m;
    const std::string what = path + ": reading the log-mel of utterance '" + ids[u] + "'";
    Hdf5Handle file_space(H5Dget_space(log_mel), what);
    hsize_t start[2] = {0, hsize_t(r.mel_offset)},
            count[2] = {hsize_t(options.n_mels), hsize_t(r.mel_frames)};
    hdf5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr), what);
    Hdf5Handle mem_space(H5Screate_simple(2, count, nullptr), what);
    hdf5_check(H5Dread(log_mel, H5T_NATIVE_FLOAT, mem_space, file_space, H5P_DEFAULT, m.values.data()), what);
    return m;
  }

  nlohmann::json read_details(size_t u) {
    const auto& r = rows[u];
    const std::string what = path + ": reading the details of utterance '" + ids[u] + "'";
    std::string bytes(size_t(r.details_length), '\0');
    rs::read_rows(details, H5T_NATIVE_UINT8, hsize_t(r.details_offset), hsize_t(r.details_length),
                  bytes.data(), what);
    try {
      nlohmann::json j = nlohmann::json::parse(bytes);
      if (!j.is_object()) throw Error(what + ": not a JSON object");
      return j;
    } catch (const nlohmann::json::exception& e) {
      throw Error(what + ": " + e.what());
    }
  }

  std::vector<AlignmentTier> tiers_from(const nlohmann::json& j, size_t u) const {
    std::vector<AlignmentTier> tiers;
    if (!j.contains("tiers")) return tiers;
    try {
      for (const auto& t : j.at("tiers")) {
        AlignmentTier tier;
        tier.name = t.at("name").get<std::string>();
        std::string kind = t.at("kind").get<std::string>();
        if (kind == "point")
          tier.kind = AlignmentTier::Kind::kPoint;
        else if (kind == "interval")
          tier.kind = AlignmentTier::Kind::kInterval;
        else
          throw Error("unknown tier kind '" + kind + "'");
        for (const auto& it : t.at("items"))
          tier.items.push_back({it.at(0).get<double>(), it.at(1).get<double>(), it.at(2).get<std::string>()});
        tiers.push_back(std::move(tier));
      }
    } catch (const std::exception& e) {
      throw Error(path + ": tiers of utterance '" + ids[u] + "': " + e.what());
    }
    return tiers;
  }

  UtteranceRecord read(size_t u) {
    const auto& r = rows[u];
    UtteranceRecord rec;
    rec.id = infos[u].id;
    rec.speaker = infos[u].speaker;
    rec.duration_s = r.duration_s;
    rec.source_sample_rate = int(r.source_sample_rate);
    rec.log_mel_frame_rate_hz = r.mel_frame_rate_hz;
    nlohmann::json j = read_details(u);
    auto str = [&](const char* key) -> std::string {
      if (!j.contains(key)) return "";
      if (!j[key].is_string())
        throw Error(path + ": details of utterance '" + ids[u] + "': " + key + " is not a string");
      return j[key].get<std::string>();
    };
    rec.source_path = str("source_path");
    rec.source_sha256 = str("source_sha256");
    rec.reference_text = str("reference_text");
    rec.tiers = tiers_from(j, u);
    rec.log_mel = read_log_mel(u);
    for (int l = 0; l < constants.layers; ++l) rec.layers.push_back(read_layer(u, l));
    if (r.has_output) {
      GeneratedText out;
      out.prompt = str("prompt");
      out.text = str("text");
      out.encoder_ms = r.encoder_ms;
      out.first_token_ms = r.first_token_ms;
      out.total_ms = r.total_ms;
      out.token_ids.resize(size_t(r.token_count));
      out.token_logprobs.resize(size_t(r.token_count));
      const std::string what = path + ": reading the tokens of utterance '" + ids[u] + "'";
      rs::read_rows(token_ids, H5T_NATIVE_INT64, hsize_t(r.token_offset), hsize_t(r.token_count),
                    out.token_ids.data(), what);
      rs::read_rows(token_logprobs, H5T_NATIVE_FLOAT, hsize_t(r.token_offset), hsize_t(r.token_count),
                    out.token_logprobs.data(), what);
      rec.output = std::move(out);
    }
    return rec;
  }
};

RecordingReader::RecordingReader(const std::string& path) : impl_(std::make_unique<Impl>()) {
  Hdf5Guard guard;
  impl_->path = path;
  impl_->open();
}

RecordingReader::~RecordingReader() {
  if (!impl_) return;
  Hdf5Guard guard;
  impl_.reset();
}

RecordingReader::RecordingReader(RecordingReader&&) noexcept = default;
RecordingReader& RecordingReader::operator=(RecordingReader&&) noexcept = default;

const std::string& RecordingReader::path() const {
  return impl_->path;
}
int RecordingReader::schema_version() const {
  return impl_->schema_version;
}
std::string RecordingReader::writer_version() const {
  return impl_->writer_version;
}
const RunInfo& RecordingReader::run_info() const {
  return impl_->run;
}
const ModelConstants& RecordingReader::model_constants() const {
  return impl_->constants;
}
const RecordingOptions& RecordingReader::options() const {
  return impl_->options;
}
size_t RecordingReader::size() const {
  return impl_->rows.size();
}
const std::vector<std::string>& RecordingReader::ids() const {
  return impl_->ids;
}

std::optional<size_t> RecordingReader::find(const std::string& id) const {
  auto it = impl_->by_id.find(id);
  if (it == impl_->by_id.end()) return std::nullopt;
  return it->second;
}

const UtteranceInfo& RecordingReader::info(size_t index) const {
  impl_->check_index(index);
  return impl_->infos[index];
}

const std::vector<UtteranceInfo>& RecordingReader::infos() const {
  return impl_->infos;
}

const std::vector<LayerExtent>& RecordingReader::layer_extents(int layer) const {
  impl_->check_layer(layer);
  Hdf5Guard guard;
  return impl_->load_layer(layer);
}

UtteranceRecord RecordingReader::read(size_t index) const {
  impl_->check_index(index);
  Hdf5Guard guard;
  return impl_->read(index);
}

UtteranceRecord RecordingReader::read(const std::string& id) const {
  auto i = find(id);
  if (!i) throw Error(impl_->path + ": no utterance with id '" + id + "'");
  return read(*i);
}

RouterTrace RecordingReader::read_layer(size_t index, int layer) const {
  impl_->check_index(index);
  impl_->check_layer(layer);
  Hdf5Guard guard;
  return impl_->read_layer(index, layer);
}

FloatMatrix RecordingReader::read_log_mel(size_t index) const {
  impl_->check_index(index);
  Hdf5Guard guard;
  return impl_->read_log_mel(index);
}

std::vector<AlignmentTier> RecordingReader::read_tiers(size_t index) const {
  impl_->check_index(index);
  Hdf5Guard guard;
  return impl_->tiers_from(impl_->read_details(index), index);
}

void RecordingReader::for_each_in_layer(int layer, const LayerCallback& fn) const {
  impl_->check_layer(layer);
  const std::vector<LayerExtent>* extents = nullptr;
  {
    Hdf5Guard guard;
    extents = &impl_->load_layer(layer);
  }
  const Impl::Layer& L = impl_->layers[size_t(layer)];
  const int64_t E = impl_->constants.experts;
  const std::string what = impl_->path + ": reading " + rs::layer_group(layer, impl_->constants.layers);
  // One read per utterance straight into a reused trace. Reading runs of utterances into a larger buffer
  // was measured no faster (bench_recording): each utterance's rows are whole chunks either way, and the
  // extra copy cost more than the saved calls.
  RouterTrace trace;
  trace.layer = layer;
  trace.probs.cols = E;
  for (size_t u = 0; u < extents->size(); ++u) {
    const LayerExtent& x = (*extents)[u];
    trace.frame_rate_hz = x.frame_rate_hz;
    trace.valid_frames = x.valid_frames;
    trace.probs.rows = x.frames;
    trace.probs.values.resize(size_t(x.frames) * size_t(E));
    trace.delta_norm.resize(size_t(x.delta_norm_frames));
    {
      Hdf5Guard guard;
      read_row_range(L.probs, H5T_NATIVE_FLOAT, hsize_t(x.offset), hsize_t(x.frames), hsize_t(E),
                     trace.probs.values.data(), what);
      read_row_range(L.delta_norm, H5T_NATIVE_FLOAT, hsize_t(x.offset), hsize_t(x.delta_norm_frames), 0,
                     trace.delta_norm.data(), what);
    }
    fn(u, trace);
  }
}

}  // namespace steerscope
