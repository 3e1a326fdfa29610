// ChatML as Qwen2.5-Instruct's chat_template renders it without tools (formats.md §5.5), and the cut at
// audio markers that the decoder uses to place audio embeddings inside the user turn.
#include "core/text/chat_template.h"

#include <gtest/gtest.h>

#include "core/util/error.h"

using namespace steerscope;

TEST(ChatTemplate, Qwen25DefaultSystemPromptAndGenerationPrompt) {
  // The exact example string of the Qwen2.5 template.
  EXPECT_EQ(
      ChatTemplate().render({{"user", "Hi"}}, true),
      "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
      "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  EXPECT_EQ(
      ChatTemplate(std::string(ChatTemplate::kQwen2DefaultSystemPrompt)).render({{"user", "Hi"}}, false),
      "<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n");
}

TEST(ChatTemplate, ExplicitSystemMessageReplacesTheDefault) {
  EXPECT_EQ(
      ChatTemplate().render({{"system", "Be brief."}, {"user", "Hi"}}, true),
      "<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
}

TEST(ChatTemplate, NoDefaultSystemPrompt) {
  EXPECT_EQ(ChatTemplate(std::nullopt).render({{"user", "Hi"}}, true),
            "<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n");
  EXPECT_EQ(ChatTemplate(std::nullopt).render({}, false), "");
}

TEST(ChatTemplate, MultiTurnKeepsOrderAndLaterSystemMessages) {
  const std::string text =
      ChatTemplate(std::nullopt)
          .render({{"user", "a"}, {"assistant", "b"}, {"system", "c"}, {"user", "d\n\ne"}}, false);
  EXPECT_EQ(
      text,
      "<|im_start|>user\na<|im_end|>\n<|im_start|>assistant\nb<|im_end|>\n<|im_start|>system\nc<|im_end|>\n"
      "<|im_start|>user\nd\n\ne<|im_end|>\n");
}

TEST(ChatTemplate, UnknownRoleNamesTheMessage) {
  try {
    ChatTemplate().render({{"user", "a"}, {"tool", "b"}}, true);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_STREQ(
        e.what(),
        "chat message 1: role 'tool' is not supported by the ChatML template (system, user, assistant)");
  }
}

TEST(ChatTemplate, SegmentsAroundAudioMarker) {
  const ChatTemplate t;
  const std::vector<ChatMessage> messages = {
      {"user", "<|AUDIO|>\nplease transcribe the audio content into text: "}};
  const auto segments = t.render_segments(messages, "<|AUDIO|>", true);
  ASSERT_EQ(segments.size(), 2u);
  EXPECT_EQ(
      segments[0],
      "<|im_start|>system\nYou are Qwen, created by Alibaba Cloud. You are a helpful assistant.<|im_end|>\n"
      "<|im_start|>user\n");
  EXPECT_EQ(segments[1],
            "\nplease transcribe the audio content into text: <|im_end|>\n<|im_start|>assistant\n");
  EXPECT_EQ(segments[0] + "<|AUDIO|>" + segments[1], t.render(messages, true));
}

TEST(ChatTemplate, SegmentsForSeveralClipsAndNone) {
  const ChatTemplate t(std::nullopt);
  const std::vector<ChatMessage> two = {{"user", "A:[a] B:[a]"}, {"assistant", "same"}, {"user", "[a]"}};
  const auto s = t.render_segments(two, "[a]", false);
  ASSERT_EQ(s.size(), 4u);
  EXPECT_EQ(s[0], "<|im_start|>user\nA:");
  EXPECT_EQ(s[1], " B:");
  EXPECT_EQ(s[2], "<|im_end|>\n<|im_start|>assistant\nsame<|im_end|>\n<|im_start|>user\n");
  EXPECT_EQ(s[3], "<|im_end|>\n");
  const auto none = t.render_segments({{"user", "no audio"}}, "[a]", true);
  ASSERT_EQ(none.size(), 1u);
  EXPECT_EQ(none[0], t.render({{"user", "no audio"}}, true));
}

TEST(ChatTemplate, OnlyContentIsCutNeverTheTemplateText) {
  // "user" also occurs in the template's own "<|im_start|>user", and in the default system prompt's
  // "Alibaba Cloud" lies "Cloud": neither is cut.
  const auto s = ChatTemplate().render_segments({{"user", "a user b"}}, "user", false);
  ASSERT_EQ(s.size(), 2u);
  EXPECT_NE(s[0].find("<|im_start|>user\na "), std::string::npos);
  EXPECT_EQ(s[1], " b<|im_end|>\n");
  EXPECT_EQ(ChatTemplate().render_segments({{"user", "x"}}, "Cloud", false).size(), 1u);
  EXPECT_THROW(ChatTemplate().render_segments({{"user", "x"}}, "", false), Error);
}
