#include "core/io/recording_schema.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "core/util/error.h"
#include "steerscope/build_info.h"

namespace steerscope::recording_schema {

// The row CRC is defined over the little-endian file bytes; computing it over the in-memory struct is
// only correct on little-endian hosts (x86-64, arm64).
static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "recording rows assume a little-endian host");

std::string layer_group(int layer, int layers) {
  int width = layers > 100 ? 3 : 2;
  std::string digits = std::to_string(layer);
  if (int(digits.size()) < width) digits.insert(0, size_t(width) - digits.size(), '0');
  return std::string(kRouterGroup) + "/layer_" + digits;
}

namespace {

std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

}  // namespace

uint32_t crc32(const void* data, size_t size, uint32_t crc) {
  static const std::array<uint32_t, 256> table = make_crc_table();
  const auto* p = static_cast<const uint8_t*>(data);
  crc = ~crc;
  for (size_t i = 0; i < size; ++i) crc = table[(crc ^ p[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint32_t row_crc(UtteranceRow row) {
  row.crc32 = 0;
  return crc32(&row, sizeof row);
}

bool row_committed(const UtteranceRow& row) {
  return row.commit == kCommitMagic && row.crc32 == row_crc(row);
}

namespace {

void insert(hid_t t, const char* name, size_t offset, hid_t member) {
  hdf5_check(H5Tinsert(t, name, offset, member), std::string("building compound type member ") + name);
}

}  // namespace

Hdf5Handle utterance_row_type() {
  Hdf5Handle t(H5Tcreate(H5T_COMPOUND, sizeof(UtteranceRow)), "creating the utterance index type");
#define STEERSCOPE_ROW_MEMBER(name, type) insert(t, #name, HOFFSET(UtteranceRow, name), type)
  STEERSCOPE_ROW_MEMBER(commit, H5T_STD_U32LE);
  STEERSCOPE_ROW_MEMBER(crc32, H5T_STD_U32LE);
  STEERSCOPE_ROW_MEMBER(names_offset, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(id_length, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(speaker_length, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(details_offset, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(details_length, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(duration_s, H5T_IEEE_F64LE);
  STEERSCOPE_ROW_MEMBER(source_sample_rate, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(mel_offset, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(mel_frames, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(mel_frame_rate_hz, H5T_IEEE_F64LE);
  STEERSCOPE_ROW_MEMBER(has_output, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(token_offset, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(token_count, H5T_STD_I64LE);
  STEERSCOPE_ROW_MEMBER(encoder_ms, H5T_IEEE_F64LE);
  STEERSCOPE_ROW_MEMBER(first_token_ms, H5T_IEEE_F64LE);
  STEERSCOPE_ROW_MEMBER(total_ms, H5T_IEEE_F64LE);
#undef STEERSCOPE_ROW_MEMBER
  return t;
}

Hdf5Handle layer_row_type() {
  Hdf5Handle t(H5Tcreate(H5T_COMPOUND, sizeof(LayerRow)), "creating the layer index type");
  insert(t, "offset", HOFFSET(LayerRow, offset), H5T_STD_I64LE);
  insert(t, "frames", HOFFSET(LayerRow, frames), H5T_STD_I64LE);
  insert(t, "valid_frames", HOFFSET(LayerRow, valid_frames), H5T_STD_I64LE);
  insert(t, "delta_norm_frames", HOFFSET(LayerRow, delta_norm_frames), H5T_STD_I64LE);
  insert(t, "frame_rate_hz", HOFFSET(LayerRow, frame_rate_hz), H5T_IEEE_F64LE);
  return t;
}

Hdf5Handle utf8_string_type() {
  Hdf5Handle t(H5Tcopy(H5T_C_S1), "creating a string type");
  hdf5_check(H5Tset_size(t, H5T_VARIABLE), "creating a string type");
  hdf5_check(H5Tset_cset(t, H5T_CSET_UTF8), "creating a string type");
  return t;
}

Hdf5Handle checkpoint_row_type() {
  Hdf5Handle s = utf8_string_type();
  Hdf5Handle t(H5Tcreate(H5T_COMPOUND, sizeof(CheckpointRow)), "creating the checkpoint table type");
  insert(t, "role", HOFFSET(CheckpointRow, role), s);
  insert(t, "path", HOFFSET(CheckpointRow, path), s);
  insert(t, "sha256", HOFFSET(CheckpointRow, sha256), s);
  return t;
}

}  // namespace steerscope::recording_schema

namespace steerscope::recording_schema {

Hdf5Handle file_access_properties() {
  Hdf5Handle fapl(H5Pcreate(H5P_FILE_ACCESS), "creating file access properties");
  hdf5_check(H5Pset_libver_bounds(fapl, H5F_LIBVER_LATEST, H5F_LIBVER_LATEST),
             "selecting the HDF5 file format");
  return fapl;
}

bool has_attribute(hid_t object, const char* name) {
  return H5Aexists(object, name) > 0;
}

void write_string_attribute(hid_t object, const char* name, const std::string& value,
                            const std::string& where) {
  const std::string what = where + ": writing attribute " + name;
  Hdf5Handle type = utf8_string_type();
  Hdf5Handle space(H5Screate(H5S_SCALAR), what);
  Hdf5Handle attr(H5Acreate2(object, name, type, space, H5P_DEFAULT, H5P_DEFAULT), what);
  const char* p = value.c_str();
  hdf5_check(H5Awrite(attr, type, &p), what);
}

std::string read_string_attribute(hid_t object, const char* name, const std::string& where) {
  const std::string what = where + ": reading attribute " + name;
  Hdf5Handle attr(H5Aopen(object, name, H5P_DEFAULT), what);
  Hdf5Handle file_type(H5Aget_type(attr), what);
  if (H5Tget_class(file_type) != H5T_STRING) throw Error(what + ": not a string");
  if (H5Tis_variable_str(file_type) > 0) {
    Hdf5Handle type = utf8_string_type();
    char* p = nullptr;
    hdf5_check(H5Aread(attr, type, &p), what);
    std::string s = p ? p : "";
    H5free_memory(p);
    return s;
  }
  // Fixed-length strings (written by other tools): read the bytes and drop NUL padding.
  size_t n = H5Tget_size(file_type);
  std::string s(n, '\0');
  hdf5_check(H5Aread(attr, file_type, s.data()), what);
  s.resize(std::strlen(s.c_str()));
  return s;
}

void write_int_attribute(hid_t object, const char* name, int64_t value, const std::string& where) {
  const std::string what = where + ": writing attribute " + name;
  Hdf5Handle space(H5Screate(H5S_SCALAR), what);
  Hdf5Handle attr(H5Acreate2(object, name, H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT), what);
  hdf5_check(H5Awrite(attr, H5T_NATIVE_INT64, &value), what);
}

int64_t read_int_attribute(hid_t object, const char* name, const std::string& where) {
  const std::string what = where + ": reading attribute " + name;
  Hdf5Handle attr(H5Aopen(object, name, H5P_DEFAULT), what);
  Hdf5Handle file_type(H5Aget_type(attr), what);
  if (H5Tget_class(file_type) != H5T_INTEGER) throw Error(what + ": not an integer");
  int64_t v = 0;
  hdf5_check(H5Aread(attr, H5T_NATIVE_INT64, &v), what);
  return v;
}

namespace {

Hdf5Handle make_group(hid_t file, const char* name, const std::string& where) {
  return Hdf5Handle(H5Gcreate2(file, name, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                    where + ": creating group " + name);
}

// A small fixed-size float dataset written in one go (contiguous; it never grows).
void write_float_dataset(hid_t file, const char* name, const std::vector<hsize_t>& dims,
                         const std::vector<float>& values, const std::string& where) {
  const std::string what = where + ": writing " + name;
  Hdf5Handle space(H5Screate_simple(int(dims.size()), dims.data(), nullptr), what);
  Hdf5Handle ds(H5Dcreate2(file, name, H5T_IEEE_F32LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), what);
  if (!values.empty())
    hdf5_check(H5Dwrite(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, values.data()), what);
}

std::vector<float> read_float_dataset(hid_t file, const char* name, const std::vector<int64_t>& expected,
                                      const std::string& where) {
  const std::string what = where + ": reading " + name;
  Hdf5Handle ds(H5Dopen2(file, name, H5P_DEFAULT), what);
  Hdf5Handle space(H5Dget_space(ds), what);
  int rank = H5Sget_simple_extent_ndims(space);
  std::vector<hsize_t> dims(size_t(std::max(rank, 0)));
  if (rank > 0) H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  std::vector<int64_t> shape(dims.begin(), dims.end());
  if (shape != expected)
    throw Error(what + ": shape " + shape_string(shape) + ", the /model attributes say " +
                shape_string(expected));
  size_t n = 1;
  for (auto d : dims) n *= size_t(d);
  std::vector<float> v(n);
  if (n) hdf5_check(H5Dread(ds, H5T_NATIVE_FLOAT, H5S_ALL, H5S_ALL, H5P_DEFAULT, v.data()), what);
  return v;
}

void check_constants(const ModelConstants& c, const std::string& where) {
  auto fail = [&](const std::string& m) { throw Error(where + ": model constants: " + m); };
  if (c.layers < 0 || c.experts < 0 || c.dim < 0) fail("layers, experts and dim must not be negative");
  if (c.layers > 0 && c.experts == 0) fail("a model with router layers needs at least one expert");
  const int64_t L = c.layers, E = c.experts, D = c.dim;
  if (int64_t(c.steering_vectors.size()) != L * E * D)
    fail("steering_vectors has " + std::to_string(c.steering_vectors.size()) +
         " values, expected [L,E,D] = " + shape_string({L, E, D}));
  if (int64_t(c.layer_scales.size()) != L)
    fail("layer_scales has " + std::to_string(c.layer_scales.size()) +
         " values, expected [L] = " + shape_string({L}));
  if (int64_t(c.router_weight_norms.size()) != L * E)
    fail("router_weight_norms has " + std::to_string(c.router_weight_norms.size()) +
         " values, expected [L,E] = " + shape_string({L, E}));
}

}  // namespace

void write_metadata(hid_t file, const RunInfo& run, const ModelConstants& constants,
                    const RecordingOptions& options, const std::string& where) {
  check_constants(constants, where);
  write_string_attribute(file, kAttrFormat, kFormatName, where);
  write_int_attribute(file, kAttrSchemaVersion, kSchemaVersion, where);
  write_string_attribute(file, kAttrWriterVersion, build_info::kVersion, where);
  write_int_attribute(file, kAttrMelChunkFrames, options.mel_chunk_frames, where);
  write_int_attribute(file, kAttrRouterChunkFrames, options.router_chunk_frames, where);
  write_int_attribute(file, kAttrDeflateLevel, options.deflate_level, where);

  Hdf5Handle run_group = make_group(file, kRunGroup, where);
  const std::pair<const char*, const std::string*> run_strings[] = {{"tool_version", &run.tool_version},
                                                                    {"dtype", &run.dtype},
                                                                    {"device", &run.device},
                                                                    {"pooling", &run.pooling},
                                                                    {"padding", &run.padding},
                                                                    {"prompt", &run.prompt},
                                                                    {"prompt_layout", &run.prompt_layout},
                                                                    {"generation_json", &run.generation_json},
                                                                    {"command_line", &run.command_line},
                                                                    {"start_time", &run.start_time}};
  for (const auto& [name, value] : run_strings)
    write_string_attribute(run_group, name, *value, where + ": /run");

  {
    const std::string what = where + ": writing " + kCheckpoints;
    std::vector<CheckpointRow> rows;
    for (const auto& c : run.checkpoints) rows.push_back({c.role.c_str(), c.path.c_str(), c.sha256.c_str()});
    hsize_t n = rows.size();
    Hdf5Handle type = checkpoint_row_type();
    Hdf5Handle space(H5Screate_simple(1, &n, nullptr), what);
    Hdf5Handle ds(H5Dcreate2(file, kCheckpoints, type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), what);
    if (n) hdf5_check(H5Dwrite(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), what);
  }
  {
    Hdf5Handle extra = make_group(file, kRunExtraGroup, where);
    for (const auto& [key, value] : run.extra) {
      if (key.empty()) throw Error(where + ": run info: extra attribute with an empty name");
      write_string_attribute(extra, key.c_str(), value, where + ": /run/extra");
    }
  }

  Hdf5Handle model = make_group(file, kModelGroup, where);
  write_int_attribute(model, "layers", constants.layers, where + ": /model");
  write_int_attribute(model, "experts", constants.experts, where + ": /model");
  write_int_attribute(model, "dim", constants.dim, where + ": /model");
  const hsize_t L = hsize_t(constants.layers), E = hsize_t(constants.experts), D = hsize_t(constants.dim);
  write_float_dataset(file, kSteeringVectors, {L, E, D}, constants.steering_vectors, where);
  write_float_dataset(file, kLayerScales, {L}, constants.layer_scales, where);
  write_float_dataset(file, kRouterWeightNorms, {L, E}, constants.router_weight_norms, where);
}

int check_format(hid_t file, const std::string& where) {
  if (!has_attribute(file, kAttrFormat) || read_string_attribute(file, kAttrFormat, where) != kFormatName)
    throw Error(where + ": not a SteerScope recording (no root attribute format = \"" + kFormatName + "\")");
  int64_t version = read_int_attribute(file, kAttrSchemaVersion, where);
  if (version < 1 || version > kSchemaVersion)
    throw Error(where + ": recording schema version " + std::to_string(version) +
                " is not supported by this SteerScope (it reads versions 1 to " +
                std::to_string(kSchemaVersion) + ")");
  return int(version);
}

namespace {

herr_t collect_attribute_name(hid_t, const char* name, const H5A_info_t*, void* data) {
  static_cast<std::vector<std::string>*>(data)->push_back(name);
  return 0;
}

}  // namespace

RunInfo read_run_info(hid_t file, const std::string& where) {
  RunInfo run;
  Hdf5Handle g(H5Gopen2(file, kRunGroup, H5P_DEFAULT), where + ": opening " + kRunGroup);
  const std::string w = where + ": /run";
  run.tool_version = read_string_attribute(g, "tool_version", w);
  run.dtype = read_string_attribute(g, "dtype", w);
  run.device = read_string_attribute(g, "device", w);
  run.pooling = read_string_attribute(g, "pooling", w);
  run.padding = read_string_attribute(g, "padding", w);
  run.prompt = read_string_attribute(g, "prompt", w);
  run.prompt_layout = read_string_attribute(g, "prompt_layout", w);
  run.generation_json = read_string_attribute(g, "generation_json", w);
  run.command_line = read_string_attribute(g, "command_line", w);
  run.start_time = read_string_attribute(g, "start_time", w);
  {
    const std::string what = where + ": reading " + kCheckpoints;
    Hdf5Handle ds(H5Dopen2(file, kCheckpoints, H5P_DEFAULT), what);
    hsize_t n = dataset_extent(ds, 0, where);
    if (n) {
      Hdf5Handle type = checkpoint_row_type();
      std::vector<CheckpointRow> rows(n);
      hdf5_check(H5Dread(ds, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, rows.data()), what);
      for (const auto& r : rows)
        run.checkpoints.push_back({r.role ? r.role : "", r.path ? r.path : "", r.sha256 ? r.sha256 : ""});
      Hdf5Handle space(H5Dget_space(ds), what);
      H5Dvlen_reclaim(type, space, H5P_DEFAULT, rows.data());
    }
  }
  {
    Hdf5Handle extra(H5Gopen2(file, kRunExtraGroup, H5P_DEFAULT), where + ": opening " + kRunExtraGroup);
    std::vector<std::string> names;
    hsize_t idx = 0;
    hdf5_check(H5Aiterate2(extra, H5_INDEX_NAME, H5_ITER_INC, &idx, collect_attribute_name, &names),
               where + ": listing /run/extra");
    for (const auto& name : names)
      run.extra[name] = read_string_attribute(extra, name.c_str(), where + ": /run/extra");
  }
  return run;
}

ModelConstants read_model_constants(hid_t file, const std::string& where) {
  ModelConstants c;
  Hdf5Handle g(H5Gopen2(file, kModelGroup, H5P_DEFAULT), where + ": opening " + kModelGroup);
  c.layers = int(read_int_attribute(g, "layers", where + ": /model"));
  c.experts = int(read_int_attribute(g, "experts", where + ": /model"));
  c.dim = int(read_int_attribute(g, "dim", where + ": /model"));
  const int64_t L = c.layers, E = c.experts, D = c.dim;
  c.steering_vectors = read_float_dataset(file, kSteeringVectors, {L, E, D}, where);
  c.layer_scales = read_float_dataset(file, kLayerScales, {L}, where);
  c.router_weight_norms = read_float_dataset(file, kRouterWeightNorms, {L, E}, where);
  return c;
}

RecordingOptions read_options(hid_t file, const std::string& where) {
  RecordingOptions o;
  o.mel_chunk_frames = read_int_attribute(file, kAttrMelChunkFrames, where);
  o.router_chunk_frames = read_int_attribute(file, kAttrRouterChunkFrames, where);
  o.deflate_level = int(read_int_attribute(file, kAttrDeflateLevel, where));
  if (H5Lexists(file, kLogMel, H5P_DEFAULT) > 0) {
    Hdf5Handle ds(H5Dopen2(file, kLogMel, H5P_DEFAULT), where + ": opening " + kLogMel);
    o.n_mels = int(dataset_extent(ds, 0, where));
  }
  return o;
}

hsize_t dataset_extent(hid_t dataset, int axis, const std::string& where) {
  Hdf5Handle space(H5Dget_space(dataset), where + ": reading a dataset extent");
  int rank = H5Sget_simple_extent_ndims(space);
  if (rank <= axis) throw Error(where + ": dataset has rank " + std::to_string(rank) + ", expected more");
  std::vector<hsize_t> dims(static_cast<size_t>(rank));
  H5Sget_simple_extent_dims(space, dims.data(), nullptr);
  return dims[size_t(axis)];
}

void read_rows(hid_t dataset, hid_t mem_type, hsize_t first, hsize_t count, void* out,
               const std::string& where) {
  if (count == 0) return;
  Hdf5Handle file_space(H5Dget_space(dataset), where);
  hdf5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, &first, nullptr, &count, nullptr), where);
  Hdf5Handle mem_space(H5Screate_simple(1, &count, nullptr), where);
  hdf5_check(H5Dread(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, out), where);
}

size_t count_committed(const std::vector<UtteranceRow>& rows, const HeapExtents& e) {
  auto within = [](int64_t offset, int64_t length, hsize_t extent) {
    return offset >= 0 && length >= 0 && hsize_t(offset) + hsize_t(length) <= extent;
  };
  size_t n = 0;
  for (const auto& r : rows) {
    if (!row_committed(r)) break;
    if (!within(r.names_offset, r.id_length + r.speaker_length, e.names)) break;
    if (!within(r.details_offset, r.details_length, e.details)) break;
    if (!within(r.token_offset, r.token_count, e.tokens)) break;
    if (r.mel_frames >= 0 && !within(r.mel_offset, r.mel_frames, e.mel)) break;
    ++n;
  }
  return n;
}

}  // namespace steerscope::recording_schema
