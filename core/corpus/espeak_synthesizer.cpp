#include "core/corpus/espeak_synthesizer.h"

#include <espeak-ng/speak_lib.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <utility>

#include "core/util/error.h"

namespace steerscope {

namespace {

// What the child sends back through the pipe, in host byte order (both ends are the same binary):
//   int32 status: 0 = ok, 1 = error
//   error: uint64 length, message bytes
//   ok:    int32 sample_rate; uint64 n, int16[n] samples;
//          uint64 n, n x (int64 sample, int32 text_position, char[8] IPA name) phoneme events;
//          uint64 n, n x (int64 sample, int32 text_position, int32 length) word events;
//          uint64 n, int32[n] phoneme counts of the text's words spoken alone
class WireWriter {
 public:
  template <class T>
  void put(const T& v) {
    buffer_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_bytes(const void* data, size_t size) { buffer_.append(static_cast<const char*>(data), size); }
  const std::string& buffer() const { return buffer_; }

 private:
  std::string buffer_;
};

class WireReader {
 public:
  explicit WireReader(const std::string& data) : data_(data) {}
  template <class T>
  T get() {
    T v;
    get_bytes(&v, sizeof v);
    return v;
  }
  void get_bytes(void* out, size_t size) {
    if (pos_ + size > data_.size()) throw Error("espeak-ng child process: truncated reply");
    std::memcpy(out, data_.data() + pos_, size);
    pos_ += size;
  }
  uint64_t get_count(size_t element_size) {
    const uint64_t n = get<uint64_t>();
    if (element_size && n > (data_.size() - pos_) / element_size)
      throw Error("espeak-ng child process: corrupt reply");
    return n;
  }

 private:
  const std::string& data_;
  size_t pos_ = 0;
};

bool write_all(int fd, const char* data, size_t size) {
  while (size > 0) {
    const ssize_t n = ::write(fd, data, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    data += n;
    size -= static_cast<size_t>(n);
  }
  return true;
}

// Child-process state: the synthesis callback appends here.
std::vector<int16_t>* g_child_samples = nullptr;
std::vector<espeak_EVENT>* g_child_events = nullptr;

int collect_synthesis(short* wav, int count, espeak_EVENT* events) {
  if (wav && count > 0) g_child_samples->insert(g_child_samples->end(), wav, wav + count);
  for (espeak_EVENT* e = events; e && e->type != espeakEVENT_LIST_TERMINATED; ++e)
    g_child_events->push_back(*e);
  return 0;
}

[[noreturn]] void child_fail(int fd, const std::string& message) {
  WireWriter w;
  w.put<int32_t>(1);
  w.put<uint64_t>(message.size());
  w.put_bytes(message.data(), message.size());
  write_all(fd, w.buffer().data(), w.buffer().size());
  ::_exit(1);
}

// Runs in the forked child: synthesise, send the result, exit without running the parent's atexit
// handlers or destructors.
[[noreturn]] void child_synthesize(int fd, const std::string& data_path, const std::string& text,
                                   const EspeakVoiceSettings& voice) {
  std::vector<int16_t> samples;
  std::vector<espeak_EVENT> events;
  g_child_samples = &samples;
  g_child_events = &events;
  const std::string where = "espeak-ng, voice '" + voice.voice + "', text '" + text + "': ";

  const int rate = espeak_Initialize(
      AUDIO_OUTPUT_SYNCHRONOUS, 0, data_path.empty() ? nullptr : data_path.c_str(),
      espeakINITIALIZE_PHONEME_EVENTS | espeakINITIALIZE_PHONEME_IPA | espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0)
    child_fail(fd, where + "initialisation failed (is espeak-ng-data installed" +
                       (data_path.empty() ? std::string() : " in " + data_path) + "?)");
  espeak_SetSynthCallback(collect_synthesis);
  if (espeak_SetVoiceByName(voice.voice.c_str()) != EE_OK) child_fail(fd, where + "unknown voice");
  // Punctuation and capitals are not settable through SetParameter in 1.51 (EINVAL); a fresh process has
  // their defaults (none announced), and normalised transcripts contain neither.
  const std::pair<espeak_PARAMETER, int> parameters[] = {{espeakRATE, voice.rate_wpm},
                                                         {espeakPITCH, voice.pitch},
                                                         {espeakRANGE, voice.pitch_range},
                                                         {espeakVOLUME, 100},
                                                         {espeakWORDGAP, 0}};
  for (const auto& [parameter, value] : parameters)
    if (espeak_SetParameter(parameter, value, 0) != EE_OK)
      child_fail(
          fd, where + "cannot set parameter " + std::to_string(parameter) + " to " + std::to_string(value));
  std::srand(1);
  if (espeak_Synth(text.c_str(), text.size() + 1, 0, POS_CHARACTER, 0, espeakCHARS_UTF8, nullptr, nullptr) !=
      EE_OK)
    child_fail(fd, where + "synthesis failed");
  espeak_Synchronize();

  WireWriter w;
  w.put<int32_t>(0);
  w.put<int32_t>(rate);
  w.put<uint64_t>(samples.size());
  w.put_bytes(samples.data(), samples.size() * sizeof(int16_t));
  uint64_t phones = 0, words = 0;
  for (const auto& e : events) {
    phones += e.type == espeakEVENT_PHONEME;
    words += e.type == espeakEVENT_WORD;
  }
  w.put<uint64_t>(phones);
  for (const auto& e : events)
    if (e.type == espeakEVENT_PHONEME) {
      w.put<int64_t>(e.sample);
      w.put<int32_t>(e.text_position);
      w.put_bytes(e.id.string, 8);
    }
  w.put<uint64_t>(words);
  for (const auto& e : events)
    if (e.type == espeakEVENT_WORD) {
      w.put<int64_t>(e.sample);
      w.put<int32_t>(e.text_position);
      w.put<int32_t>(e.length);
    }
  // After synthesis, so that the translator state it leaves cannot influence the audio.
  std::vector<int32_t> counts;
  size_t begin = 0;
  while (begin < text.size()) {
    size_t end = text.find(' ', begin);
    if (end == std::string::npos) end = text.size();
    if (end > begin) {
      const std::string word = text.substr(begin, end - begin);
      int32_t count = 0;
      const void* cursor = word.c_str();
      while (cursor) {
        // IPA, phonemes separated by '|'; a clause without phonemes gives an empty string.
        const char* phonemes =
            espeak_TextToPhonemes(&cursor, espeakCHARS_UTF8, espeakPHONEMES_IPA | ('|' << 8));
        bool in_phoneme = false;
        for (const char* c = phonemes; c && *c; ++c) {
          if (*c == '|' || *c == ' ') {
            in_phoneme = false;
          } else if (!in_phoneme) {
            in_phoneme = true;
            ++count;
          }
        }
      }
      counts.push_back(count);
    }
    begin = end + 1;
  }
  w.put<uint64_t>(counts.size());
  w.put_bytes(counts.data(), counts.size() * sizeof(int32_t));
  if (!write_all(fd, w.buffer().data(), w.buffer().size())) ::_exit(2);
  ::_exit(0);
}

std::mutex& fork_mutex() {
  static std::mutex m;
  return m;
}

}  // namespace

EspeakSynthesizer::EspeakSynthesizer(std::string data_path) : data_path_(std::move(data_path)) {}

std::string EspeakSynthesizer::library_version() {
  // espeak_Info only returns a constant string: it does not initialise or touch synthesis state.
  const char* version = espeak_Info(nullptr);
  return version ? version : "";
}

EspeakSpeech EspeakSynthesizer::synthesize(const std::string& text, const EspeakVoiceSettings& voice) const {
  const std::string where = "espeak-ng, voice '" + voice.voice + "', text '" + text + "': ";
  int fds[2];
  pid_t pid;
  {
    // Serialised so that a child forked by another thread never inherits this call's write end (the
    // parent closes it before releasing the lock), which would delay end-of-file on our pipe.
    std::lock_guard<std::mutex> lock(fork_mutex());
    if (::pipe(fds) != 0) throw Error(where + "cannot create a pipe: " + std::strerror(errno));
    pid = ::fork();
    if (pid < 0) {
      const int err = errno;
      ::close(fds[0]);
      ::close(fds[1]);
      throw Error(where + "cannot fork: " + std::strerror(err));
    }
    if (pid == 0) {
      ::close(fds[0]);
      child_synthesize(fds[1], data_path_, text, voice);
    }
    ::close(fds[1]);
  }

  std::string reply;
  char buffer[65536];
  for (;;) {
    const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    reply.append(buffer, static_cast<size_t>(n));
  }
  ::close(fds[0]);
  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(pid, &status, 0);
  } while (waited < 0 && errno == EINTR);
  if (waited == pid && WIFSIGNALED(status))
    throw Error(where + "the synthesis process died with signal " + std::to_string(WTERMSIG(status)));

  if (reply.empty() && waited == pid && WIFEXITED(status) && WEXITSTATUS(status) != 0)
    throw Error(where + "the synthesis process exited with status " + std::to_string(WEXITSTATUS(status)) +
                " without a reply");
  WireReader r(reply);
  const int32_t ok = r.get<int32_t>();
  if (ok != 0) {
    std::string message(r.get_count(1), '\0');
    r.get_bytes(message.data(), message.size());
    throw Error(message);
  }
  EspeakSpeech speech;
  speech.sample_rate = r.get<int32_t>();
  speech.samples.resize(r.get_count(sizeof(int16_t)));
  r.get_bytes(speech.samples.data(), speech.samples.size() * sizeof(int16_t));
  speech.phones.resize(r.get_count(20));
  for (auto& p : speech.phones) {
    p.sample = r.get<int64_t>();
    p.text_position = r.get<int32_t>();
    char name[8];
    r.get_bytes(name, sizeof name);
    p.phone.assign(name, strnlen(name, sizeof name));  // not terminated when the name fills all 8 bytes
  }
  speech.words.resize(r.get_count(16));
  for (auto& w : speech.words) {
    w.sample = r.get<int64_t>();
    w.text_position = r.get<int32_t>();
    w.length = r.get<int32_t>();
  }
  speech.word_phoneme_counts.resize(r.get_count(sizeof(int32_t)));
  r.get_bytes(speech.word_phoneme_counts.data(), speech.word_phoneme_counts.size() * sizeof(int32_t));
  if (waited == pid && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
    throw Error(where + "the synthesis process exited with status " + std::to_string(WEXITSTATUS(status)));
  return speech;
}

}  // namespace steerscope
