// Checkpoint loading: the safetensors format as the reference reader validates it, sharded checkpoints,
// torch.save archives, and the errors users get for damaged or mismatched files. Every bad input must
// give an Error naming the file and what is wrong; none may crash.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <random>

#include "core/io/safetensors_file.h"
#include "core/io/safetensors_writer.h"
#include "core/io/torch_archive.h"
#include "core/model/steered_encoder.h"
#include "core/model/tensor_loading.h"
#include "core/util/error.h"
#include "tests/test_support.h"

namespace fs = std::filesystem;
using namespace steerscope;

namespace {

void write_bytes(const fs::path& p, const std::string& bytes) {
  std::ofstream(p, std::ios::binary).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string header_file(const std::string& json, const std::string& data) {
  std::string out(8, '\0');
  uint64_t n = json.size();
  std::memcpy(out.data(), &n, 8);
  return out + json + data;
}

// Expects an Error whose message contains every fragment.
template <typename F>
void expect_error(F&& f, std::initializer_list<std::string> fragments) {
  try {
    f();
    ADD_FAILURE() << "no error thrown";
  } catch (const Error& e) {
    for (const auto& frag : fragments)
      EXPECT_NE(std::string(e.what()).find(frag), std::string::npos) << "message: " << e.what() << "\nmissing: " << frag;
  }
}

// Copies the fixture encoder into dir, letting `edit` drop or replace tensors.
void copy_encoder(const fs::path& dir, const std::function<bool(const std::string&, SafetensorsWriter&, const TensorView&)>& edit) {
  fs::create_directories(dir);
  fs::copy_file(test::data_path("fixtures/whisper_tiny/config.json"), dir / "config.json");
  SafetensorsFile src(test::data_path("fixtures/whisper_tiny/model.safetensors"));
  SafetensorsWriter w;
  for (const auto& n : src.names()) {
    auto v = src.view(n);
    if (!edit(n, w, v)) w.add(n, v.dtype, v.shape, v.data, v.nbytes);
  }
  w.write((dir / "model.safetensors").string());
}

}  // namespace

TEST(Safetensors, ReadsTheFormatSpecTestVector) {
  auto dir = test::scratch_dir("st-vector");
  std::string data;
  for (int i = 0; i < 6; ++i) {
    float f = float(i);
    data.append(reinterpret_cast<char*>(&f), 4);
  }
  const std::string json = R"({"attn.0":{"dtype":"F32","shape":[1,2,3],"data_offsets":[0,24]}})";
  ASSERT_EQ(json.size(), 64u);
  write_bytes(dir / "t.safetensors", header_file(json, data));
  EXPECT_EQ(fs::file_size(dir / "t.safetensors"), 96u);
  SafetensorsFile f((dir / "t.safetensors").string());
  auto v = f.view("attn.0");
  EXPECT_EQ(v.shape, (std::vector<int64_t>{1, 2, 3}));
  float vals[6];
  std::memcpy(vals, v.data, 24);
  for (int i = 0; i < 6; ++i) EXPECT_EQ(vals[i], float(i));
}

TEST(Safetensors, WriterRoundTripsAlignsAndKeepsMetadata) {
  auto dir = test::scratch_dir("st-writer");
  SafetensorsWriter w;
  w.add_f32("b.f32", {2, 2}, {1, 2, 3, 4});
  uint16_t bf[3] = {0x3f80, 0x4000, 0xc040};  // 1, 2, -3 in bf16
  w.add("a.bf16", DType::kBF16, {3}, bf, 6);
  int64_t ids[2] = {7, -9};
  w.add("c.i64", DType::kI64, {2}, ids, 16);
  w.set_metadata("format", "pt");
  w.write((dir / "x.safetensors").string());
  SafetensorsFile f((dir / "x.safetensors").string());
  EXPECT_EQ(f.names(), (std::vector<std::string>{"a.bf16", "b.f32", "c.i64"}));
  EXPECT_EQ(f.metadata().at("format"), "pt");
  auto i64 = f.view("c.i64");
  EXPECT_EQ(reinterpret_cast<uintptr_t>(i64.data) % 8, 0u) << "8-byte tensors must be 8-byte aligned";
  auto t = to_torch(f.view("a.bf16"));
  EXPECT_TRUE(torch::equal(t, torch::tensor({1.0f, 2.0f, -3.0f})));
  EXPECT_THROW(w.add_f32("b.f32", {1}, {0}), Error);
  EXPECT_THROW(w.add_f32("bad", {3}, {1, 2}), Error);
}

TEST(SafetensorsBadInput, EachDamageGivesANamedError) {
  auto dir = test::scratch_dir("st-bad");
  auto path = [&](const char* n) { return (dir / n).string(); };
  const std::string ok_json = R"({"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}})";
  const std::string ok_data(8, '\0');

  write_bytes(dir / "empty.safetensors", "");
  expect_error([&] { SafetensorsFile f(path("empty.safetensors")); }, {"empty.safetensors", "too small"});

  std::string full = header_file(ok_json, ok_data);
  write_bytes(dir / "truncated.safetensors", full.substr(0, full.size() - 3));
  expect_error([&] { SafetensorsFile f(path("truncated.safetensors")); }, {"truncated.safetensors", "truncated"});
  write_bytes(dir / "trailing.safetensors", full + "xyz");
  expect_error([&] { SafetensorsFile f(path("trailing.safetensors")); }, {"trailing bytes"});

  std::string huge(8, '\0');
  uint64_t n = 200'000'000;
  std::memcpy(huge.data(), &n, 8);
  write_bytes(dir / "oversized.safetensors", huge + "{}");
  expect_error([&] { SafetensorsFile f(path("oversized.safetensors")); }, {"oversized.safetensors", "exceeds the limit"});
  n = 1000;
  std::memcpy(huge.data(), &n, 8);
  write_bytes(dir / "short.safetensors", huge + "{}");
  expect_error([&] { SafetensorsFile f(path("short.safetensors")); }, {"exceeds the file size"});

  std::mt19937 rng(1);
  std::string garbage(4096, '\0');
  for (auto& c : garbage) c = static_cast<char>(rng());
  write_bytes(dir / "garbage.safetensors", garbage);
  expect_error([&] { SafetensorsFile f(path("garbage.safetensors")); }, {"garbage.safetensors"});

  write_bytes(dir / "notjson.safetensors", header_file("{not json", ""));
  expect_error([&] { SafetensorsFile f(path("notjson.safetensors")); }, {"not valid JSON"});
  write_bytes(dir / "dup.safetensors",
              header_file(R"({"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"w":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}})", ok_data));
  expect_error([&] { SafetensorsFile f(path("dup.safetensors")); }, {"'w' twice"});
  write_bytes(dir / "dtype.safetensors", header_file(R"({"w":{"dtype":"Q4","shape":[2],"data_offsets":[0,8]}})", ok_data));
  expect_error([&] { SafetensorsFile f(path("dtype.safetensors")); }, {"tensor w", "unknown dtype 'Q4'"});
  write_bytes(dir / "size.safetensors", header_file(R"({"w":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", ok_data));
  expect_error([&] { SafetensorsFile f(path("size.safetensors")); }, {"tensor w", "need 12"});
  write_bytes(dir / "hole.safetensors",
              header_file(R"({"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"b":{"dtype":"F32","shape":[1],"data_offsets":[8,12]}})", std::string(12, '\0')));
  expect_error([&] { SafetensorsFile f(path("hole.safetensors")); }, {"tensor b", "holes"});
  write_bytes(dir / "neg.safetensors", header_file(R"({"w":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}})", ok_data));
  expect_error([&] { SafetensorsFile f(path("neg.safetensors")); }, {"negative"});
}

TEST(SafetensorsSharded, IndexMapsTensorsToShards) {
  auto dir = test::scratch_dir("st-shards");
  SafetensorsWriter a, b;
  a.add_f32("x", {2}, {1, 2});
  b.add_f32("y", {1}, {3});
  a.write((dir / "model-00001-of-00002.safetensors").string());
  b.write((dir / "model-00002-of-00002.safetensors").string());
  std::ofstream(dir / "model.safetensors.index.json")
      << R"({"metadata":{"total_size":12,"total_parameters":3},"weight_map":{"x":"model-00001-of-00002.safetensors","y":"model-00002-of-00002.safetensors"}})";
  SafetensorsCheckpoint ck(dir.string());
  EXPECT_EQ(ck.shard_count(), 2u);
  EXPECT_EQ(ck.names(), (std::vector<std::string>{"x", "y"}));
  EXPECT_TRUE(torch::equal(to_torch(ck.view("y")), torch::tensor({3.0f})));

  std::ofstream(dir / "model.safetensors.index.json", std::ios::trunc)
      << R"({"weight_map":{"x":"model-00001-of-00002.safetensors","z":"model-00002-of-00002.safetensors"}})";
  expect_error([&] { SafetensorsCheckpoint c(dir.string()); }, {"index.json", "z", "no such tensor"});
  std::ofstream(dir / "model.safetensors.index.json", std::ios::trunc) << R"({"weight_map":{"x":"missing.safetensors"}})";
  expect_error([&] { SafetensorsCheckpoint c(dir.string()); }, {"missing.safetensors", "not found"});
}

TEST(EncoderLoading, MissingTensorIsNamed) {
  auto dir = test::scratch_dir("enc-missing");
  copy_encoder(dir, [](const std::string& n, SafetensorsWriter&, const TensorView&) {
    return n == "model.encoder.layers.3.fc1.weight";  // dropped
  });
  expect_error([&] { WhisperEncoder::load(dir.string(), {}); }, {"model.encoder.layers.3.fc1.weight", "missing"});
}

TEST(EncoderLoading, ShapeThatDisagreesWithConfigIsNamed) {
  auto dir = test::scratch_dir("enc-shape");
  copy_encoder(dir, [](const std::string&, SafetensorsWriter&, const TensorView&) { return false; });
  std::ifstream in(dir / "config.json");
  std::string cfg((std::istreambuf_iterator<char>(in)), {});
  in.close();
  cfg.replace(cfg.find("\"encoder_ffn_dim\": 256"), 22, "\"encoder_ffn_dim\": 512");
  std::ofstream(dir / "config.json", std::ios::trunc) << cfg;
  expect_error([&] { WhisperEncoder::load(dir.string(), {}); },
               {"model.safetensors", "model.encoder.layers.0.fc1.weight has shape [256,64]", "config.json says [512,64]"});
}

TEST(EncoderLoading, UnsupportedDtypeIsNamed) {
  auto dir = test::scratch_dir("enc-dtype");
  copy_encoder(dir, [](const std::string& n, SafetensorsWriter& w, const TensorView& v) {
    if (n != "model.encoder.conv1.bias") return false;
    std::vector<int32_t> ints(size_t(v.numel()), 1);
    w.add(n, DType::kI32, v.shape, ints.data(), ints.size() * 4);
    return true;
  });
  expect_error([&] { WhisperEncoder::load(dir.string(), {}); }, {"model.encoder.conv1.bias", "dtype I32"});
}

TEST(SteeringLoading, MismatchedLayerCountOrWidthIsNamed) {
  auto dir = test::scratch_dir("steer-mismatch");
  SafetensorsFile src(test::data_path("fixtures/steermoe_ckpt/steering.safetensors"));
  auto rewrite = [&](const std::string& file, int layers) {
    SafetensorsWriter w;
    auto sv = to_torch(src.view("whisper_encoder.steering_vectors")).narrow(0, 0, layers).contiguous();
    auto rw = to_torch(src.view("whisper_encoder.router.weight")).narrow(0, 0, layers * 8).contiguous();
    auto rb = to_torch(src.view("whisper_encoder.router.bias")).narrow(0, 0, layers * 8).contiguous();
    auto ls = to_torch(src.view("whisper_encoder.layer_scales")).narrow(0, 0, layers).contiguous();
    const std::vector<std::string> names = {"whisper_encoder.steering_vectors", "whisper_encoder.router.weight",
                                            "whisper_encoder.router.bias", "whisper_encoder.layer_scales"};
    const std::vector<torch::Tensor> tensors = {sv, rw, rb, ls};
    for (size_t i = 0; i < names.size(); ++i)
      w.add(names[i], DType::kF32, tensors[i].sizes().vec(), tensors[i].data_ptr(), size_t(tensors[i].numel()) * 4);
    w.write((dir / file).string());
  };
  rewrite("three_layers.safetensors", 3);
  auto ck = SteeringCheckpoint::load((dir / "three_layers.safetensors").string());
  auto enc = WhisperEncoder::load(test::data_path("fixtures/whisper_tiny"), {});
  expect_error([&] { SteeredEncoder s(enc, std::make_shared<const SteeringCheckpoint>(ck), {}); },
               {"three_layers.safetensors", "3 layers", "has 4"});

  SafetensorsWriter w;
  std::vector<float> zeros(4 * 8 * 32, 0.0f), rw(32 * 32, 0.0f), rb(32, 0.0f), ls(4, 0.1f);
  w.add_f32("whisper_encoder.steering_vectors", {4, 8, 32}, zeros);
  w.add_f32("whisper_encoder.router.weight", {32, 32}, rw);
  w.add_f32("whisper_encoder.router.bias", {32}, rb);
  w.add_f32("whisper_encoder.layer_scales", {4}, ls);
  w.write((dir / "narrow.safetensors").string());
  auto narrow = SteeringCheckpoint::load((dir / "narrow.safetensors").string());
  expect_error([&] { SteeredEncoder s(enc, std::make_shared<const SteeringCheckpoint>(narrow), {}); },
               {"narrow.safetensors", "width 32", "d_model 64"});

  SafetensorsWriter bad;
  bad.add_f32("whisper_encoder.steering_vectors", {4, 8, 64}, std::vector<float>(4 * 8 * 64));
  bad.add_f32("whisper_encoder.router.weight", {30, 64}, std::vector<float>(30 * 64));
  bad.write((dir / "badrouter.safetensors").string());
  expect_error([&] { SteeringCheckpoint::load((dir / "badrouter.safetensors").string()); },
               {"badrouter.safetensors", "whisper_encoder.router.weight has shape [30,64]", "[32,64]"});
  SafetensorsWriter unrelated;
  unrelated.add_f32("foo", {1}, {1});
  unrelated.write((dir / "unrelated.safetensors").string());
  expect_error([&] { SteeringCheckpoint::load((dir / "unrelated.safetensors").string()); }, {"not a SteerMoE checkpoint"});
}

TEST(SteeringLoading, SidecarPromptsAreReadInTheFilesOrder) {
  // The reference fixture's sidecar names no prompts (max_prompt_tokens is a number, not a prompt).
  const auto fixture = SteeringCheckpoint::load(test::data_path("fixtures/steermoe_ckpt/steering.safetensors"));
  EXPECT_TRUE(fixture.prompt_hints().empty());

  // A sidecar like the embedded demo's: string values of keys ending in "_prompt", as written (trailing
  // space kept), in the file's order rather than sorted; other keys and non-strings ignored.
  auto dir = test::scratch_dir("steer-prompts");
  fs::copy_file(test::data_path("fixtures/steermoe_ckpt/steering.safetensors"), dir / "steering.safetensors",
                fs::copy_options::overwrite_existing);
  std::ofstream(dir / "steermoe_config.json") << R"({
  "num_layers": 4,
  "pooling_type": "max",
  "pooling_kernel_size": 4,
  "pooling_position": 4,
  "zz_prompt": "please transcribe the audio content into text: ",
  "call_prompt": "please write the function call for this command: ",
  "max_prompt": 7,
  "prompt": "not a hint",
  "prompt_layout": "reference"
})";
  const auto c = SteeringCheckpoint::load(dir.string());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"zz_prompt", "please transcribe the audio content into text: "},
      {"call_prompt", "please write the function call for this command: "}};
  EXPECT_EQ(c.prompt_hints(), expected);
  ASSERT_TRUE(c.pooling_hint().has_value());  // the pooling keys still apply
  EXPECT_EQ(c.pooling_hint()->describe(4), "max k=4 after layer 4");
}

TEST(TorchArchive, ReadsOnlyTheRequestedRecordsOfTheFullReferenceCheckpoint) {
  TorchArchive a(test::data_path("fixtures/steermoe_ckpt/pytorch_model.bin"));
  auto names = a.names();
  // The full state dict: steering tensors plus the frozen encoder and LLM.
  EXPECT_TRUE(a.contains("whisper_encoder.steering_vectors"));
  EXPECT_TRUE(a.contains("whisper_encoder.original_encoder.speech_encoder.conv1.weight"));
  EXPECT_TRUE(std::any_of(names.begin(), names.end(), [](const std::string& n) { return n.rfind("llm_decoder.", 0) == 0; }));
  auto v = a.view("whisper_encoder.layer_scales");
  EXPECT_EQ(v.shape, (std::vector<int64_t>{4}));
  // The frozen encoder inside the reference checkpoint equals the Hugging Face one.
  SafetensorsFile hf(test::data_path("fixtures/whisper_tiny/model.safetensors"));
  EXPECT_TRUE(torch::equal(to_torch(a.view("whisper_encoder.original_encoder.speech_encoder.layers.2.fc1.weight")),
                           to_torch(hf.view("model.encoder.layers.2.fc1.weight"))));
}

TEST(TorchArchive, DamagedArchivesGiveNamedErrors) {
  auto dir = test::scratch_dir("torch-bad");
  const auto src = test::data_path("fixtures/steermoe_ckpt/steering.bin");
  std::ifstream in(src, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), {});
  write_bytes(dir / "cut.bin", bytes.substr(0, bytes.size() / 2));
  expect_error([&] { open_tensor_source((dir / "cut.bin").string()); }, {"cut.bin"});
  // Corrupt the pickle inside an otherwise intact archive: every failure is an Error, never a crash.
  for (size_t pos : {size_t(40), size_t(100), size_t(300), size_t(500)}) {
    std::string bad = bytes;
    for (size_t i = 0; i < 12; ++i) bad[pos + i] = static_cast<char>(0xA5 ^ i);
    write_bytes(dir / "corrupt.bin", bad);
    try {
      TorchArchive a((dir / "corrupt.bin").string());
      for (const auto& n : a.names()) a.view(n);
    } catch (const Error& e) {
      EXPECT_NE(std::string(e.what()).find("corrupt.bin"), std::string::npos) << e.what();
    }
  }
  write_bytes(dir / "legacy.bin", std::string("\x80\x02}q\x00.", 6));
  expect_error([&] { open_tensor_source((dir / "legacy.bin").string()); }, {"legacy", "not supported"});
}
