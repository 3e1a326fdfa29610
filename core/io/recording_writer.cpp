#include "core/io/recording_writer.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <unordered_set>

#include "core/io/hdf5_guard.h"
#include "core/io/hdf5_handle.h"
#include "core/io/recording_schema.h"
#include "core/io/text_decoding.h"
#include "core/util/error.h"

namespace steerscope {

namespace rs = recording_schema;

namespace {

hsize_t round_up(hsize_t v, hsize_t multiple) {
  return (v + multiple - 1) / multiple * multiple;
}

// One dataset that grows along one axis. For rank 2 the other axis has a fixed size (n_mels for the log-mel,
// E for router probabilities).
struct Appendable {
  std::string name;
  Hdf5Handle dataset;
  hid_t mem_type = H5I_INVALID_HID;  // not owned: a predefined type or one of Impl's row types
  int rank = 1;
  int axis = 0;
  hsize_t fixed = 0;     // size of the other axis when rank == 2
  hsize_t extent = 0;    // current size along axis
  hsize_t chunk = 1;     // chunk length along axis
  bool aligned = false;  // each append starts on a chunk boundary (compressed tensors, see the header)

  hsize_t next_offset() const { return aligned ? round_up(extent, chunk) : extent; }

  // Writes n entries along the axis at offset (>= extent of committed data), growing the dataset.
  void write_at(hsize_t offset, const void* data, hsize_t n, const std::string& where) {
    if (n == 0) return;
    const std::string what = where + ": writing " + name;
    hsize_t end = offset + n;
    if (end > extent) {
      hsize_t dims[2] = {0, 0};
      dims[axis] = end;
      if (rank == 2) dims[1 - axis] = fixed;
      hdf5_check(H5Dset_extent(dataset, dims), what);
      extent = end;
    }
    hsize_t start[2] = {0, 0}, count[2] = {0, 0};
    start[axis] = offset;
    count[axis] = n;
    if (rank == 2) count[1 - axis] = fixed;
    Hdf5Handle file_space(H5Dget_space(dataset), what);
    hdf5_check(H5Sselect_hyperslab(file_space, H5S_SELECT_SET, start, nullptr, count, nullptr), what);
    Hdf5Handle mem_space(H5Screate_simple(rank, count, nullptr), what);
    hdf5_check(H5Dwrite(dataset, mem_type, mem_space, file_space, H5P_DEFAULT, data), what);
  }

  hsize_t append(const void* data, hsize_t n, const std::string& where) {
    hsize_t offset = next_offset();
    write_at(offset, data, n, where);
    return offset;
  }
};

// Creates an empty dataset that grows along `axis`; `fixed` is the size of the other axis for rank 2.
Appendable create_appendable(hid_t file, const std::string& name, hid_t file_type, hid_t mem_type, int rank,
                             int axis, hsize_t fixed, hsize_t chunk, bool tensor, int deflate_level,
                             const std::string& where) {
  const std::string what = where + ": creating " + name;
  hsize_t dims[2] = {0, 0}, max_dims[2] = {0, 0}, chunk_dims[2] = {0, 0};
  max_dims[axis] = H5S_UNLIMITED;
  chunk_dims[axis] = chunk;
  if (rank == 2) dims[1 - axis] = max_dims[1 - axis] = chunk_dims[1 - axis] = fixed;
  Hdf5Handle space(H5Screate_simple(rank, dims, max_dims), what);
  Hdf5Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), what);
  hdf5_check(H5Pset_chunk(dcpl, rank, chunk_dims), what);
  if (tensor && deflate_level > 0) {
    hdf5_check(H5Pset_shuffle(dcpl), what);
    hdf5_check(H5Pset_deflate(dcpl, unsigned(deflate_level)), what);
  }
  Appendable a;
  a.name = name;
  a.dataset =
      Hdf5Handle(H5Dcreate2(file, name.c_str(), file_type, space, H5P_DEFAULT, dcpl, H5P_DEFAULT), what);
  a.mem_type = mem_type;
  a.rank = rank;
  a.axis = axis;
  a.fixed = fixed;
  a.chunk = chunk;
  a.aligned = tensor;
  return a;
}

Appendable open_appendable(hid_t file, const std::string& name, hid_t mem_type, int axis, bool tensor,
                           const std::string& where) {
  const std::string what = where + ": opening " + name;
  Appendable a;
  a.name = name;
  a.dataset = Hdf5Handle(H5Dopen2(file, name.c_str(), H5P_DEFAULT), what);
  a.mem_type = mem_type;
  a.axis = axis;
  a.aligned = tensor;
  Hdf5Handle space(H5Dget_space(a.dataset), what);
  a.rank = H5Sget_simple_extent_ndims(space);
  if (a.rank < 1 || a.rank > 2 || axis >= a.rank)
    throw Error(what + ": unexpected rank " + std::to_string(a.rank));
  hsize_t dims[2] = {0, 0};
  H5Sget_simple_extent_dims(space, dims, nullptr);
  a.extent = dims[axis];
  if (a.rank == 2) a.fixed = dims[1 - axis];
  Hdf5Handle dcpl(H5Dget_create_plist(a.dataset), what);
  hsize_t chunk_dims[2] = {1, 1};
  if (H5Pget_chunk(dcpl, a.rank, chunk_dims) != a.rank) throw Error(what + ": not a chunked dataset");
  a.chunk = chunk_dims[axis];
  return a;
}

// Exclusive lock held for as long as the writer has the file open. An open-file-description lock is
// released by the kernel when the process dies, so a killed writer never leaves a stale lock behind, and
// unlike a classic POSIX lock it is not dropped when some other descriptor of the same file is closed
// (a reader in the same process). It does not interact with the flock() HDF5 uses itself.
int lock_for_writing(const std::string& path) {
  int fd = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd < 0) throw Error(path + ": cannot open for writing: " + std::strerror(errno));
  struct flock fl {};
  fl.l_type = F_WRLCK;
  fl.l_whence = SEEK_SET;
  fl.l_start = 0;
  fl.l_len = 0;
  if (::fcntl(fd, F_OFD_SETLK, &fl) < 0) {
    int e = errno;
    ::close(fd);
    if (e == EAGAIN || e == EACCES) throw Error(path + ": another process is writing this recording");
    throw Error(path + ": cannot lock for writing: " + std::strerror(e));
  }
  return fd;
}

// Whether a writer had the file open when it last touched it, from the first bytes of the HDF5 superblock
// (versions 2 and 3, the only ones the latest file format uses): signature, version, size of offsets, size
// of lengths, status flags. The signature may follow a user block of 512 * 2^k bytes.
struct SuperblockStatus {
  bool found = false;
  int version = 0;
  uint8_t flags = 0;  // bit 0: open for writing, bit 2: open for SWMR writing; 0 after a clean close
};

SuperblockStatus read_superblock_status(int fd) {
  static const unsigned char kSignature[8] = {0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};
  SuperblockStatus s;
  struct stat st {};
  if (::fstat(fd, &st) != 0) return s;
  for (off_t at = 0; at + 12 <= st.st_size; at = at ? at * 2 : 512) {
    unsigned char head[12];
    if (::pread(fd, head, sizeof head, at) != ssize_t(sizeof head)) return s;
    if (std::memcmp(head, kSignature, 8) != 0) continue;
    s.found = true;
    s.version = head[8];
    s.flags = s.version >= 2 ? head[11] : 0;
    return s;
  }
  return s;
}

// Reopens a recording for appending, repairing it first if its last writer was killed.
//
// A killed SWMR writer leaves two things behind. (1) The superblock still says "open for SWMR writing",
// and HDF5 refuses a new writer. (2) The end-of-allocation address (EOA) stored in the superblock is
// stale: under SWMR, HDF5 does not rewrite the superblock each time it allocates, and readers ignore the
// EOA, but a new writer would start allocating at the stale EOA, on top of data written since (without
// this repair, test_recording_crash sees "addr overflow" errors once every few hundred kills, and once saw
// a compressed chunk that no longer inflated). The repair is what `h5clear -s
// --increment` does: clear the flags on open (a file-access property HDF5 registers for h5clear), and move
// the EOA to max(EOA, end of file) + a margin (H5Fincrement_filesize). Everything the file references was
// written before it was referenced (SWMR's flush ordering), so it lies below the end of the file. We hold
// the exclusive lock, so no writer is alive.
Hdf5Handle open_for_swmr_write(const std::string& path, int lock_fd) {
  const SuperblockStatus status = read_superblock_status(lock_fd);
  const bool killed = status.found && status.version >= 3 && status.flags != 0;
  Hdf5Handle fapl = rs::file_access_properties();
#if H5_VERSION_GE(1, 10, 7)
  // Our own lock (lock_for_writing) replaces HDF5's: HDF5 takes an exclusive flock only while opening and
  // would fail if a reader currently holds a shared one.
  hdf5_check(H5Pset_file_locking(fapl, false, true), path + ": disabling HDF5 file locking");
#endif
  if (killed) {
    hbool_t yes = true;
    for (const char* property : {"clear_status_flags", "skip_eof_check"})
      if (H5Pexist(fapl, property) > 0)
        hdf5_check(H5Pset(fapl, property, &yes), path + ": preparing to repair the recording");
  }
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR | H5F_ACC_SWMR_WRITE, fapl);
  if (f < 0) {
    const std::string msg = hdf5_error_message();
    throw Error(path + ": cannot open the recording for appending: " + msg +
                (killed
                     ? " (its writer did not close it; `h5clear -s --increment " + path + "` may repair it)"
                     : ""));
  }
  Hdf5Handle file(f, path);
  if (killed)
    hdf5_check(H5Fincrement_filesize(file, hsize_t(1) << 20), path + ": repairing the end-of-file mark");
  return file;
}

// Removes "<path>.partial-<pid>" files left by creators that died (their process no longer exists).
void remove_stale_partial_files(const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  const fs::path dir = p.has_parent_path() ? p.parent_path() : fs::path(".");
  const std::string prefix = p.filename().string() + ".partial-";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) != 0) continue;
    const std::string pid_text = name.substr(prefix.size());
    if (pid_text.empty() || pid_text.find_first_not_of("0123456789") != std::string::npos) continue;
    const long pid = std::strtol(pid_text.c_str(), nullptr, 10);
    if (pid > 0 && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH) fs::remove(entry.path(), ec);
  }
}

void require_utf8(const std::string& s, const std::string& what) {
  size_t bad = 0;
  if (!is_valid_utf8(s, &bad)) throw Error(what + " is not valid UTF-8 (byte " + std::to_string(bad) + ")");
}

}  // namespace

struct RecordingWriter::Impl {
  std::string path;
  RunInfo run;
  ModelConstants constants;
  RecordingOptions options;
  int lock_fd = -1;
  Hdf5Handle file;
  Hdf5Handle row_type, layer_type;  // compound memory types used by the row tables
  Appendable index, names, details, token_ids, token_logprobs, log_mel;
  bool has_log_mel = false;
  std::vector<Appendable> layer_index, probs, delta_norm;
  std::vector<std::string> ids;
  std::unordered_set<std::string> id_set;
  bool failed = false;

  ~Impl() {
    Hdf5Guard guard;
    close_datasets();
    file.reset();
    if (lock_fd >= 0) ::close(lock_fd);
  }

  // Datasets must be closed before the file for H5Fclose to release it.
  void close_datasets() {
    for (Appendable* a : {&index, &names, &details, &token_ids, &token_logprobs, &log_mel})
      a->dataset.reset();
    layer_index.clear();
    probs.clear();
    delta_norm.clear();
  }

  // Opens the datasets of an existing file and loads the committed state.
  void load() {
    run = rs::read_run_info(file, path);
    constants = rs::read_model_constants(file, path);
    options = rs::read_options(file, path);
    row_type = rs::utterance_row_type();
    layer_type = rs::layer_row_type();
    index = open_appendable(file, rs::kIndex, row_type, 0, false, path);
    names = open_appendable(file, rs::kNames, H5T_NATIVE_UINT8, 0, false, path);
    details = open_appendable(file, rs::kDetails, H5T_NATIVE_UINT8, 0, false, path);
    token_ids = open_appendable(file, rs::kTokenIds, H5T_NATIVE_INT64, 0, false, path);
    token_logprobs = open_appendable(file, rs::kTokenLogprobs, H5T_NATIVE_FLOAT, 0, false, path);
    has_log_mel = options.n_mels > 0;
    if (has_log_mel) log_mel = open_appendable(file, rs::kLogMel, H5T_NATIVE_FLOAT, 1, true, path);
    for (int l = 0; l < constants.layers; ++l) {
      std::string g = rs::layer_group(l, constants.layers);
      layer_index.push_back(open_appendable(file, g + "/index", layer_type, 0, false, path));
      probs.push_back(open_appendable(file, g + "/probs", H5T_NATIVE_FLOAT, 0, true, path));
      delta_norm.push_back(open_appendable(file, g + "/delta_norm", H5T_NATIVE_FLOAT, 0, true, path));
    }

    std::vector<rs::UtteranceRow> rows(index.extent);
    rs::read_rows(index.dataset, row_type, 0, index.extent, rows.data(), path + ": reading " + rs::kIndex);
    rs::HeapExtents e;
    e.names = names.extent;
    e.details = details.extent;
    e.tokens = std::min(token_ids.extent, token_logprobs.extent);
    e.mel = has_log_mel ? log_mel.extent : 0;
    size_t committed = rs::count_committed(rows, e);
    std::vector<uint8_t> name_bytes(names.extent);
    rs::read_rows(names.dataset, H5T_NATIVE_UINT8, 0, names.extent, name_bytes.data(),
                  path + ": reading " + rs::kNames);
    for (size_t i = 0; i < committed; ++i) {
      std::string id(reinterpret_cast<const char*>(name_bytes.data()) + rows[i].names_offset,
                     size_t(rows[i].id_length));
      ids.push_back(id);
      id_set.insert(id);
    }
  }

  void create_datasets() {
    row_type = rs::utterance_row_type();
    layer_type = rs::layer_row_type();
    const std::string& w = path;
    for (const char* g : {rs::kUtterancesGroup, rs::kOutputGroup, rs::kRouterGroup})
      Hdf5Handle(H5Gcreate2(file, g, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), w + ": creating group " + g);
    // Chunk sizes of the small uncompressed tables: 64 index rows = 8.5 KiB, 4 KiB of names, 16 KiB of
    // details, 1024 tokens.
    index = create_appendable(file, rs::kIndex, row_type, row_type, 1, 0, 0, 64, false, 0, w);
    names = create_appendable(file, rs::kNames, H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, 0, 0, 4096, false, 0, w);
    details =
        create_appendable(file, rs::kDetails, H5T_STD_U8LE, H5T_NATIVE_UINT8, 1, 0, 0, 16384, false, 0, w);
    token_ids =
        create_appendable(file, rs::kTokenIds, H5T_STD_I64LE, H5T_NATIVE_INT64, 1, 0, 0, 1024, false, 0, w);
    token_logprobs = create_appendable(file, rs::kTokenLogprobs, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, 0, 0,
                                       1024, false, 0, w);
    has_log_mel = options.n_mels > 0;
    if (has_log_mel)
      log_mel = create_appendable(file, rs::kLogMel, H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 2, 1,
                                  hsize_t(options.n_mels), hsize_t(options.mel_chunk_frames), true,
                                  options.deflate_level, w);
    const hsize_t rc = hsize_t(options.router_chunk_frames);
    for (int l = 0; l < constants.layers; ++l) {
      std::string g = rs::layer_group(l, constants.layers);
      Hdf5Handle(H5Gcreate2(file, g.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
                 w + ": creating group " + g);
      layer_index.push_back(
          create_appendable(file, g + "/index", layer_type, layer_type, 1, 0, 0, 128, false, 0, w));
      probs.push_back(create_appendable(file, g + "/probs", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 2, 0,
                                        hsize_t(constants.experts), rc, true, options.deflate_level, w));
      delta_norm.push_back(create_appendable(file, g + "/delta_norm", H5T_IEEE_F32LE, H5T_NATIVE_FLOAT, 1, 0,
                                             0, rc, true, options.deflate_level, w));
    }
  }

  void validate(const UtteranceRecord& u) const {
    const std::string who = path + ": utterance '" + u.id + "'";
    if (u.id.empty()) throw Error(path + ": utterance with an empty id");
    require_utf8(u.id, path + ": utterance id");
    if (id_set.count(u.id)) throw Error(who + " is already in the recording");
    require_utf8(u.speaker, who + ": speaker");
    require_utf8(u.source_path, who + ": source_path");
    require_utf8(u.source_sha256, who + ": source_sha256");
    require_utf8(u.reference_text, who + ": reference_text");
    if (!(u.log_mel.rows == 0 && u.log_mel.cols == 0)) {
      if (!has_log_mel)
        throw Error(who + ": has a log-mel but the recording was created without one (n_mels = 0)");
      if (u.log_mel.rows != options.n_mels)
        throw Error(who + ": log_mel has shape " + shape_string({u.log_mel.rows, u.log_mel.cols}) +
                    ", expected [" + std::to_string(options.n_mels) + ",frames]");
      if (u.log_mel.cols < 0 || int64_t(u.log_mel.values.size()) != u.log_mel.rows * u.log_mel.cols)
        throw Error(who + ": log_mel holds " + std::to_string(u.log_mel.values.size()) +
                    " values for shape " + shape_string({u.log_mel.rows, u.log_mel.cols}));
    }
    if (int(u.layers.size()) != constants.layers)
      throw Error(who + ": has " + std::to_string(u.layers.size()) + " router layers, the model has " +
                  std::to_string(constants.layers));
    for (size_t l = 0; l < u.layers.size(); ++l) {
      const RouterTrace& t = u.layers[l];
      const std::string lw = who + ": layer " + std::to_string(l);
      if (t.layer != int(l))
        throw Error(lw + ": trace says layer " + std::to_string(t.layer) + "; layers must be in order");
      if (t.probs.cols != constants.experts || t.probs.rows < 0 ||
          int64_t(t.probs.values.size()) != t.probs.rows * t.probs.cols)
        throw Error(lw + ": probs has shape " + shape_string({t.probs.rows, t.probs.cols}) + " with " +
                    std::to_string(t.probs.values.size()) + " values, expected [frames," +
                    std::to_string(constants.experts) + "]");
      if (!t.delta_norm.empty() && int64_t(t.delta_norm.size()) != t.probs.rows)
        throw Error(lw + ": delta_norm has " + std::to_string(t.delta_norm.size()) +
                    " values, expected 0 or " + std::to_string(t.probs.rows));
      if (t.valid_frames < 0 || t.valid_frames > t.probs.rows)
        throw Error(lw + ": valid_frames " + std::to_string(t.valid_frames) + " is outside [0, " +
                    std::to_string(t.probs.rows) + "]");
      if (!(std::isfinite(t.frame_rate_hz) && t.frame_rate_hz > 0))
        throw Error(lw + ": frame_rate_hz must be positive");
    }
    if (u.output) {
      require_utf8(u.output->prompt, who + ": output prompt");
      require_utf8(u.output->text, who + ": output text");
      if (u.output->token_logprobs.size() != u.output->token_ids.size())
        throw Error(who + ": output has " + std::to_string(u.output->token_ids.size()) + " token ids but " +
                    std::to_string(u.output->token_logprobs.size()) + " log-probabilities");
    }
    for (const auto& tier : u.tiers) {
      require_utf8(tier.name, who + ": tier name");
      for (size_t i = 0; i < tier.items.size(); ++i) {
        const auto& it = tier.items[i];
        const std::string iw = who + ": tier '" + tier.name + "' item " + std::to_string(i + 1);
        if (!std::isfinite(it.start_s) || !std::isfinite(it.end_s))
          throw Error(iw + ": times must be finite");
        require_utf8(it.label, iw + ": label");
      }
    }
  }

  static std::string details_json(const UtteranceRecord& u) {
    nlohmann::json j = nlohmann::json::object();
    j["source_path"] = u.source_path;
    j["source_sha256"] = u.source_sha256;
    j["reference_text"] = u.reference_text;
    if (u.output) {
      j["prompt"] = u.output->prompt;
      j["text"] = u.output->text;
    }
    nlohmann::json tiers = nlohmann::json::array();
    for (const auto& t : u.tiers) {
      nlohmann::json items = nlohmann::json::array();
      for (const auto& it : t.items) items.push_back(nlohmann::json::array({it.start_s, it.end_s, it.label}));
      tiers.push_back({{"name", t.name},
                       {"kind", t.kind == AlignmentTier::Kind::kPoint ? "point" : "interval"},
                       {"items", std::move(items)}});
    }
    j["tiers"] = std::move(tiers);
    return j.dump();
  }

  void flush() { hdf5_check(H5Fflush(file, H5F_SCOPE_LOCAL), path + ": flushing"); }

  void write(const UtteranceRecord& u) {
    if (!file.valid()) throw Error(path + ": the recording writer is closed");
    if (failed) throw Error(path + ": an earlier write failed; reopen the recording to append");
    validate(u);
    const std::string doc = details_json(u);
    const size_t row_number = ids.size();
    try {
      rs::UtteranceRow row;
      const std::string name_bytes = u.id + u.speaker;
      row.names_offset = int64_t(names.append(name_bytes.data(), name_bytes.size(), path));
      row.id_length = int64_t(u.id.size());
      row.speaker_length = int64_t(u.speaker.size());
      row.details_offset = int64_t(details.append(doc.data(), doc.size(), path));
      row.details_length = int64_t(doc.size());
      row.duration_s = u.duration_s;
      row.source_sample_rate = u.source_sample_rate;
      row.mel_frame_rate_hz = u.log_mel_frame_rate_hz;
      if (!(u.log_mel.rows == 0 && u.log_mel.cols == 0)) {
        row.mel_offset = int64_t(log_mel.append(u.log_mel.values.data(), hsize_t(u.log_mel.cols), path));
        row.mel_frames = u.log_mel.cols;
      } else {
        row.mel_offset = has_log_mel ? int64_t(log_mel.next_offset()) : 0;
        row.mel_frames = -1;
      }
      if (u.output) {
        // Ids and log-probabilities share one offset; after a crash one may be longer than the other.
        hsize_t offset = std::max(token_ids.extent, token_logprobs.extent);
        hsize_t n = u.output->token_ids.size();
        token_ids.write_at(offset, u.output->token_ids.data(), n, path);
        token_logprobs.write_at(offset, u.output->token_logprobs.data(), n, path);
        row.has_output = 1;
        row.token_offset = int64_t(offset);
        row.token_count = int64_t(n);
        row.encoder_ms = u.output->encoder_ms;
        row.first_token_ms = u.output->first_token_ms;
        row.total_ms = u.output->total_ms;
      } else {
        row.token_offset = int64_t(std::max(token_ids.extent, token_logprobs.extent));
      }
      for (size_t l = 0; l < u.layers.size(); ++l) {
        const RouterTrace& t = u.layers[l];
        hsize_t offset = std::max(probs[l].next_offset(), delta_norm[l].next_offset());
        hsize_t frames = hsize_t(t.probs.rows);
        probs[l].write_at(offset, t.probs.values.data(), frames, path);
        delta_norm[l].write_at(offset, t.delta_norm.data(), t.delta_norm.size(), path);
        rs::LayerRow lr;
        lr.offset = int64_t(offset);
        lr.frames = t.probs.rows;
        lr.valid_frames = t.valid_frames;
        lr.delta_norm_frames = int64_t(t.delta_norm.size());
        lr.frame_rate_hz = t.frame_rate_hz;
        layer_index[l].write_at(row_number, &lr, 1, path);
      }
      // Everything the row points at reaches the file before the row does.
      flush();
      row.commit = rs::kCommitMagic;
      row.crc32 = rs::row_crc(row);
      index.write_at(row_number, &row, 1, path);
      flush();
    } catch (...) {
      failed = true;
      throw;
    }
    ids.push_back(u.id);
    id_set.insert(u.id);
  }
};

RecordingWriter::RecordingWriter(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
RecordingWriter::RecordingWriter(RecordingWriter&&) noexcept = default;
RecordingWriter& RecordingWriter::operator=(RecordingWriter&&) noexcept = default;
RecordingWriter::~RecordingWriter() = default;

RecordingWriter RecordingWriter::create(const std::string& path, const RunInfo& run,
                                        const ModelConstants& constants, const RecordingOptions& options) {
  if (options.n_mels < 0) throw Error(path + ": n_mels must not be negative");
  if (options.deflate_level < 0 || options.deflate_level > 9)
    throw Error(path + ": deflate_level " + std::to_string(options.deflate_level) + " is outside 0..9");
  if (options.mel_chunk_frames <= 0 || options.router_chunk_frames <= 0)
    throw Error(path + ": chunk sizes must be positive");
  std::error_code ec;
  if (std::filesystem::exists(path, ec)) {
    if (!options.overwrite) throw Error(path + ": file exists (resume with append, or allow overwriting)");
    ::close(lock_for_writing(path));  // refuse to replace a file another process is writing
  }

  Hdf5Guard guard;
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->run = run;
  impl->constants = constants;
  impl->options = options;
  impl->options.overwrite = false;

  // Build the complete, empty file under a temporary name, then rename it into place: a crash during
  // creation leaves no half-made recording at `path`, only a "<path>.partial-<pid>" that the next create()
  // removes.
  remove_stale_partial_files(path);
  const std::string tmp = path + ".partial-" + std::to_string(::getpid());
  try {
    Hdf5Handle fapl = rs::file_access_properties();
    impl->file =
        Hdf5Handle(H5Fcreate(tmp.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl), path + ": cannot create");
    rs::write_metadata(impl->file, run, constants, impl->options, path);
    impl->create_datasets();
    impl->close_datasets();
    if (!impl->file.reset()) throw Error(path + ": closing the new file failed: " + hdf5_error_message());
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
      throw Error(path + ": cannot move the new file into place: " + std::strerror(errno));
  } catch (...) {
    impl->file.reset();
    std::remove(tmp.c_str());
    throw;
  }
  impl->lock_fd = lock_for_writing(path);
  impl->file = open_for_swmr_write(path, impl->lock_fd);
  impl->load();
  return RecordingWriter(std::move(impl));
}

RecordingWriter RecordingWriter::append(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) throw Error(path + ": no such recording");
  Hdf5Guard guard;
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  impl->lock_fd = lock_for_writing(path);
  impl->file = open_for_swmr_write(path, impl->lock_fd);
  rs::check_format(impl->file, path);
  impl->load();
  return RecordingWriter(std::move(impl));
}

void RecordingWriter::write(const UtteranceRecord& utterance) {
  Hdf5Guard guard;
  impl_->write(utterance);
}

void RecordingWriter::close() {
  Hdf5Guard guard;
  if (!impl_->file.valid()) return;
  impl_->close_datasets();
  bool ok = impl_->file.reset();
  if (impl_->lock_fd >= 0) {
    ::close(impl_->lock_fd);
    impl_->lock_fd = -1;
  }
  if (!ok) throw Error(impl_->path + ": closing the recording failed: " + hdf5_error_message());
}

const std::string& RecordingWriter::path() const {
  return impl_->path;
}
const RunInfo& RecordingWriter::run_info() const {
  return impl_->run;
}
const ModelConstants& RecordingWriter::model_constants() const {
  return impl_->constants;
}
const RecordingOptions& RecordingWriter::options() const {
  return impl_->options;
}
size_t RecordingWriter::size() const {
  return impl_->ids.size();
}
const std::vector<std::string>& RecordingWriter::completed_ids() const {
  return impl_->ids;
}
bool RecordingWriter::contains(const std::string& id) const {
  return impl_->id_set.count(id) > 0;
}

}  // namespace steerscope
