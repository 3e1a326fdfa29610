#pragma once
// The on-disk layout of a recording, shared by RecordingWriter, RecordingReader and merge_recordings.
// docs/recording-format.md is the user-facing description of the same layout; change both together and
// bump kSchemaVersion when a reader of the previous version could misread a new file.
//
// Internal to core/io (includes <hdf5.h>).

#include <cstdint>
#include <string>
#include <vector>

#include "core/io/hdf5_handle.h"
#include "core/io/recording_types.h"
#include "core/io/recording_writer.h"

namespace steerscope::recording_schema {

inline constexpr const char* kFormatName = "steerscope-recording";
inline constexpr int kSchemaVersion = 1;

// Root attributes.
inline constexpr const char* kAttrFormat = "format";
inline constexpr const char* kAttrSchemaVersion = "schema_version";
inline constexpr const char* kAttrWriterVersion = "writer_version";
inline constexpr const char* kAttrMelChunkFrames = "mel_chunk_frames";
inline constexpr const char* kAttrRouterChunkFrames = "router_chunk_frames";
inline constexpr const char* kAttrDeflateLevel = "deflate_level";

inline constexpr const char* kRunGroup = "/run";
inline constexpr const char* kCheckpoints = "/run/checkpoints";
inline constexpr const char* kRunExtraGroup = "/run/extra";
inline constexpr const char* kModelGroup = "/model";
inline constexpr const char* kSteeringVectors = "/model/steering_vectors";
inline constexpr const char* kLayerScales = "/model/layer_scales";
inline constexpr const char* kRouterWeightNorms = "/model/router_weight_norms";
inline constexpr const char* kUtterancesGroup = "/utterances";
inline constexpr const char* kIndex = "/utterances/index";
inline constexpr const char* kNames = "/utterances/names";
inline constexpr const char* kDetails = "/utterances/details";
inline constexpr const char* kLogMel = "/log_mel";
inline constexpr const char* kOutputGroup = "/output";
inline constexpr const char* kTokenIds = "/output/token_ids";
inline constexpr const char* kTokenLogprobs = "/output/token_logprobs";
inline constexpr const char* kRouterGroup = "/router";

// "/router/layer_07": zero-padded to two digits, or three when the model has more than 100 layers, so
// that names sort in layer order.
std::string layer_group(int layer, int layers);

// Value of UtteranceRow::commit for a row that was written completely. A row whose commit or crc32 does
// not match is the remains of an utterance that was in flight when the writer died.
inline constexpr uint32_t kCommitMagic = 0x31555353u;  // "SSU1" as little-endian bytes

// One row of /utterances/index. All members are 8 bytes wide except the first two, so the struct has no
// padding and its bytes equal the packed little-endian file layout (the crc32 is defined over those
// bytes, and Python can check it with zlib.crc32 on the numpy row).
struct UtteranceRow {
  uint32_t commit = 0;
  uint32_t crc32 = 0;        // CRC-32 (zlib) of the 136 row bytes with this field set to 0
  int64_t names_offset = 0;  // into /utterances/names: id bytes, then speaker bytes
  int64_t id_length = 0;
  int64_t speaker_length = 0;
  int64_t details_offset = 0;  // into /utterances/details: one UTF-8 JSON object
  int64_t details_length = 0;
  double duration_s = 0.0;
  int64_t source_sample_rate = 0;
  int64_t mel_offset = 0;   // column of /log_mel where this utterance starts
  int64_t mel_frames = -1;  // -1: no log-mel stored for this utterance
  double mel_frame_rate_hz = 0.0;
  int64_t has_output = 0;    // 0 or 1
  int64_t token_offset = 0;  // into /output/token_ids and /output/token_logprobs
  int64_t token_count = 0;
  double encoder_ms = 0.0;
  double first_token_ms = 0.0;
  double total_ms = 0.0;
};
static_assert(sizeof(UtteranceRow) == 136, "UtteranceRow must be packed");

// One row of /router/layer_NN/index (row u describes utterance u).
struct LayerRow {
  int64_t offset = 0;  // first row of this utterance in probs and delta_norm
  int64_t frames = 0;  // rows of probs
  int64_t valid_frames = 0;
  int64_t delta_norm_frames = 0;  // 0 when the utterance recorded no delta norms, else == frames
  double frame_rate_hz = 0.0;
};
static_assert(sizeof(LayerRow) == 40, "LayerRow must be packed");

uint32_t crc32(const void* data, size_t size, uint32_t crc = 0);
uint32_t row_crc(UtteranceRow row);  // CRC of the row with its crc32 field zeroed
// True if the row was written completely (commit marker and CRC both match).
bool row_committed(const UtteranceRow& row);

// HDF5 compound types for the rows (identical in memory and on disk on little-endian hosts).
Hdf5Handle utterance_row_type();
Hdf5Handle layer_row_type();
// Variable-length UTF-8 string type, for attributes and the checkpoint table.
Hdf5Handle utf8_string_type();

// Member of the /run/checkpoints compound (variable-length UTF-8 strings).
struct CheckpointRow {
  const char* role;
  const char* path;
  const char* sha256;
};
Hdf5Handle checkpoint_row_type();

// File access properties for every open: the latest file format (required for SWMR and for the
// extensible-array chunk index that makes appending cheap).
Hdf5Handle file_access_properties();

// Attributes. Strings are variable-length UTF-8 scalars; integers are 64-bit signed scalars.
void write_string_attribute(hid_t object, const char* name, const std::string& value,
                            const std::string& where);
std::string read_string_attribute(hid_t object, const char* name, const std::string& where);
void write_int_attribute(hid_t object, const char* name, int64_t value, const std::string& where);
int64_t read_int_attribute(hid_t object, const char* name, const std::string& where);
bool has_attribute(hid_t object, const char* name);

// Writes everything a recording holds besides utterances: root attributes, /run, /model.
// `where` is the file name used in error messages.
void write_metadata(hid_t file, const RunInfo& run, const ModelConstants& constants,
                    const RecordingOptions& options, const std::string& where);
// Checks the format name and schema version; returns the schema version. Throws Error naming the file
// if it is not a recording or is newer than this build understands.
int check_format(hid_t file, const std::string& where);
RunInfo read_run_info(hid_t file, const std::string& where);
ModelConstants read_model_constants(hid_t file, const std::string& where);
RecordingOptions read_options(hid_t file, const std::string& where);

// Current extent of a dataset along `axis`.
hsize_t dataset_extent(hid_t dataset, int axis, const std::string& where);
// Reads rows [first, first + count) of a 1-D dataset of `type` into out (count * element size bytes).
void read_rows(hid_t dataset, hid_t mem_type, hsize_t first, hsize_t count, void* out,
               const std::string& where);

// The number of leading committed rows: rows up to the first that fails row_committed() or that
// references data beyond the given extents (which can only be the remains of a write in flight).
struct HeapExtents {
  hsize_t names = 0;
  hsize_t details = 0;
  hsize_t tokens = 0;
  hsize_t mel = 0;
};
size_t count_committed(const std::vector<UtteranceRow>& rows, const HeapExtents& extents);

}  // namespace steerscope::recording_schema
