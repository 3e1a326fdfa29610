<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
    <context>
        <name>main</name>
        <message>
            <source>Workbench for SteerMoE audio-language models: routing against the sound, checkpoint comparison and spoken QA.</source>
            <translation>SteerMoE 音频-语言模型工作台：对照声音查看路由、比较检查点、语音问答。</translation>
        </message>
        <message>
            <source>Print the versions of SteerScope, Qt and LibTorch.</source>
            <translation>打印 SteerScope、Qt 和 LibTorch 的版本。</translation>
        </message>
        <message>
            <source>Do not open the demo on first start.</source>
            <translation>首次启动时不打开演示。</translation>
        </message>
        <message>
            <source>Tab to show: timeline, charts, comparison or ask.</source>
            <translation>要显示的标签页：timeline（时间轴）、charts（图表）、comparison（比较）或 ask（问答）。</translation>
        </message>
        <message>
            <source>Open the files, wait until the recording is analysed and every pane is drawn, save the window as a PNG image to &lt;file&gt; and quit (works offscreen).</source>
            <translation>打开文件，等待录音分析完成、所有窗格绘制完毕后，将窗口保存为 PNG 图像到 &lt;file&gt; 并退出（可在无显示环境下运行）。</translation>
        </message>
        <message>
            <source>Recordings (.h5), sessions (.steerscope) or audio files to open.</source>
            <translation>要打开的记录（.h5）、会话（.steerscope）或音频文件。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::CheckpointDialog</name>
        <message>
            <source>Open checkpoints</source>
            <translation>打开检查点</translation>
        </message>
        <message>
            <source>Hugging Face Whisper directory (config.json, model.safetensors)</source>
            <translation>Hugging Face Whisper 目录（config.json、model.safetensors）</translation>
        </message>
        <message>
            <source>steering.safetensors, pytorch_model.bin, or a directory; empty: no steering</source>
            <translation>steering.safetensors、pytorch_model.bin 或目录；留空：不引导</translation>
        </message>
        <message>
            <source>Qwen2 or LLaMA directory; empty: encoder only (routing, no text)</source>
            <translation>Qwen2 或 LLaMA 目录；留空：仅编码器（有路由，无文本）</translation>
        </message>
        <message>
            <source>only for decoders without tokenizer.json, e.g. 1, 2, 3</source>
            <translation>仅用于没有 tokenizer.json 的解码器，例如 1, 2, 3</translation>
        </message>
        <message>
            <source>Browse…</source>
            <translation>浏览…</translation>
        </message>
        <message>
            <source>Whisper encoder directory</source>
            <translation>Whisper 编码器目录</translation>
        </message>
        <message>
            <source>Steering checkpoint</source>
            <translation>引导检查点</translation>
        </message>
        <message>
            <source>Checkpoints (*.safetensors *.bin *.pt);;All files (*)</source>
            <translation>检查点 (*.safetensors *.bin *.pt);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Decoder directory</source>
            <translation>解码器目录</translation>
        </message>
        <message>
            <source>Encoder</source>
            <translation>编码器</translation>
        </message>
        <message>
            <source>Steering</source>
            <translation>引导</translation>
        </message>
        <message>
            <source>Decoder</source>
            <translation>解码器</translation>
        </message>
        <message>
            <source>Prompt token ids</source>
            <translation>提示词元 ID</translation>
        </message>
        <message>
            <source>The models run on this computer's CPU in the background; the window stays usable.</source>
            <translation>模型在本机 CPU 上后台运行；窗口仍可正常使用。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::CheckpointSet</name>
        <message>
            <source>no checkpoints</source>
            <translation>无检查点</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::LiveEngine</name>
        <message>
            <source>Cancelled.</source>
            <translation>已取消。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::MainWindow</name>
        <message>
            <source>SteerScope</source>
            <translation>SteerScope</translation>
        </message>
        <message>
            <source>Timeline</source>
            <translation>时间轴</translation>
        </message>
        <message>
            <source>Charts</source>
            <translation>图表</translation>
        </message>
        <message>
            <source>Comparison</source>
            <translation>比较</translation>
        </message>
        <message>
            <source>Ask</source>
            <translation>问答</translation>
        </message>
        <message>
            <source>Could not read the utterance</source>
            <translation>无法读取语句</translation>
        </message>
        <message>
            <source>No checkpoints loaded</source>
            <translation>未加载检查点</translation>
        </message>
        <message>
            <source>Cancel</source>
            <translation>取消</translation>
        </message>
        <message>
            <source>Selected %1 stretches (%2 s) where expert %3 dominates layer %4 on “%5”</source>
            <translation>已选中 %1 段（共 %2 秒）：第 %4 层在“%5”上由专家 %3 主导</translation>
        </message>
        <message>
            <source>Spectrogram settings</source>
            <translation>语谱图设置</translation>
        </message>
        <message>
            <source>Playback</source>
            <translation>播放</translation>
        </message>
        <message>
            <source>encoding %p%</source>
            <translation>编码中 %p%</translation>
        </message>
        <message>
            <source>generating…</source>
            <translation>生成中…</translation>
        </message>
        <message>
            <source>Models: %1</source>
            <translation>模型：%1</translation>
        </message>
        <message>
            <source>Could not load the checkpoints</source>
            <translation>无法加载检查点</translation>
        </message>
        <message>
            <source>The timeline's utterance has no readable audio.</source>
            <translation>时间轴上的语句没有可读取的音频。</translation>
        </message>
        <message>
            <source>Audio: %1 (%2 s)</source>
            <translation>音频：%1（%2 秒）</translation>
        </message>
        <message>
            <source>Audio to ask about</source>
            <translation>要提问的音频</translation>
        </message>
        <message>
            <source>Audio (*.wav *.flac *.ogg *.mp3 *.opus *.aiff);;All files (*)</source>
            <translation>音频 (*.wav *.flac *.ogg *.mp3 *.opus *.aiff);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Audio: %1</source>
            <translation>音频：%1</translation>
        </message>
        <message>
            <source>Could not open the audio</source>
            <translation>无法打开音频</translation>
        </message>
        <message>
            <source>Audio: microphone unavailable</source>
            <translation>音频：麦克风不可用</translation>
        </message>
        <message>
            <source>Audio: recording from the microphone…</source>
            <translation>音频：正在从麦克风录音…</translation>
        </message>
        <message>
            <source>microphone recording</source>
            <translation>麦克风录音</translation>
        </message>
        <message>
            <source>Audio: microphone recording (%1 s)</source>
            <translation>音频：麦克风录音（%1 秒）</translation>
        </message>
        <message>
            <source>Microphone</source>
            <translation>麦克风</translation>
        </message>
        <message>
            <source>Could not open the example</source>
            <translation>无法打开示例</translation>
        </message>
        <message>
            <source>Recordings</source>
            <translation>记录</translation>
        </message>
        <message>
            <source>Display</source>
            <translation>显示</translation>
        </message>
        <message>
            <source>&amp;File</source>
            <translation>文件(&amp;F)</translation>
        </message>
        <message>
            <source>Open &amp;recording…</source>
            <translation>打开记录(&amp;R)…</translation>
        </message>
        <message>
            <source>Open &amp;audio…</source>
            <translation>打开音频(&amp;A)…</translation>
        </message>
        <message>
            <source>Ctrl+Shift+O</source>
            <translation>Ctrl+Shift+O</translation>
        </message>
        <message>
            <source>Open &amp;checkpoints…</source>
            <translation>打开检查点(&amp;C)…</translation>
        </message>
        <message>
            <source>Ctrl+K</source>
            <translation>Ctrl+K</translation>
        </message>
        <message>
            <source>Open recording to &amp;compare…</source>
            <translation>打开用于比较的记录(&amp;C)…</translation>
        </message>
        <message>
            <source>Recent files</source>
            <translation>最近的文件</translation>
        </message>
        <message>
            <source>Open &amp;session…</source>
            <translation>打开会话(&amp;S)…</translation>
        </message>
        <message>
            <source>&amp;Save session</source>
            <translation>保存会话(&amp;S)</translation>
        </message>
        <message>
            <source>Save session &amp;as…</source>
            <translation>会话另存为(&amp;A)…</translation>
        </message>
        <message>
            <source>Save live runs as recording…</source>
            <translation>将实时运行结果保存为记录…</translation>
        </message>
        <message>
            <source>Save live runs</source>
            <translation>保存实时运行结果</translation>
        </message>
        <message>
            <source>Recordings (*.h5)</source>
            <translation>记录 (*.h5)</translation>
        </message>
        <message>
            <source>&amp;Export</source>
            <translation>导出(&amp;E)</translation>
        </message>
        <message>
            <source>Visible view as &amp;PNG…</source>
            <translation>当前视图导出为 PNG(&amp;P)…</translation>
        </message>
        <message>
            <source>Ctrl+E</source>
            <translation>Ctrl+E</translation>
        </message>
        <message>
            <source>Visible view as &amp;SVG…</source>
            <translation>当前视图导出为 SVG(&amp;S)…</translation>
        </message>
        <message>
            <source>Pane data as &amp;CSV…</source>
            <translation>窗格数据导出为 CSV(&amp;C)…</translation>
        </message>
        <message>
            <source>Ctrl+Shift+E</source>
            <translation>Ctrl+Shift+E</translation>
        </message>
        <message>
            <source>&amp;Analysis table as CSV…</source>
            <translation>分析表格导出为 CSV(&amp;A)…</translation>
        </message>
        <message>
            <source>Se&amp;ttings…</source>
            <translation>设置(&amp;T)…</translation>
        </message>
        <message>
            <source>&amp;Quit</source>
            <translation>退出(&amp;Q)</translation>
        </message>
        <message>
            <source>&amp;View</source>
            <translation>视图(&amp;V)</translation>
        </message>
        <message>
            <source>Zoom &amp;in</source>
            <translation>放大(&amp;I)</translation>
        </message>
        <message>
            <source>Ctrl+=</source>
            <translation>Ctrl+=</translation>
        </message>
        <message>
            <source>Zoom &amp;out</source>
            <translation>缩小(&amp;O)</translation>
        </message>
        <message>
            <source>Zoom to &amp;fit</source>
            <translation>缩放至全部(&amp;F)</translation>
        </message>
        <message>
            <source>Ctrl+0</source>
            <translation>Ctrl+0</translation>
        </message>
        <message>
            <source>Zoom to &amp;selection</source>
            <translation>缩放至选区(&amp;S)</translation>
        </message>
        <message>
            <source>Ctrl+Shift+F</source>
            <translation>Ctrl+Shift+F</translation>
        </message>
        <message>
            <source>Scroll left</source>
            <translation>向左滚动</translation>
        </message>
        <message>
            <source>Scroll right</source>
            <translation>向右滚动</translation>
        </message>
        <message>
            <source>Page left</source>
            <translation>向左翻页</translation>
        </message>
        <message>
            <source>Page right</source>
            <translation>向右翻页</translation>
        </message>
        <message>
            <source>Start</source>
            <translation>开头</translation>
        </message>
        <message>
            <source>End</source>
            <translation>末尾</translation>
        </message>
        <message>
            <source>Previous layer</source>
            <translation>上一层</translation>
        </message>
        <message>
            <source>Next layer</source>
            <translation>下一层</translation>
        </message>
        <message>
            <source>Clear selection</source>
            <translation>清除选区</translation>
        </message>
        <message>
            <source>&amp;Panes</source>
            <translation>窗格(&amp;P)</translation>
        </message>
        <message>
            <source>Waveform</source>
            <translation>波形</translation>
        </message>
        <message>
            <source>Spectrogram</source>
            <translation>语谱图</translation>
        </message>
        <message>
            <source>All layers</source>
            <translation>所有层</translation>
        </message>
        <message>
            <source>Router heatmap</source>
            <translation>路由热图</translation>
        </message>
        <message>
            <source>Steering strength</source>
            <translation>引导强度</translation>
        </message>
        <message>
            <source>Phones</source>
            <translation>音素</translation>
        </message>
        <message>
            <source>Words</source>
            <translation>词</translation>
        </message>
        <message>
            <source>Speakers</source>
            <translation>说话人</translation>
        </message>
        <message>
            <source>Show padded frames</source>
            <translation>显示填充帧</translation>
        </message>
        <message>
            <source>What the encoder sees</source>
            <translation>编码器看到的内容</translation>
        </message>
        <message>
            <source>Ctrl+M</source>
            <translation>Ctrl+M</translation>
        </message>
        <message>
            <source>&amp;Timeline</source>
            <translation>时间轴(&amp;T)</translation>
        </message>
        <message>
            <source>Ctrl+1</source>
            <translation>Ctrl+1</translation>
        </message>
        <message>
            <source>&amp;Charts</source>
            <translation>图表(&amp;C)</translation>
        </message>
        <message>
            <source>Ctrl+2</source>
            <translation>Ctrl+2</translation>
        </message>
        <message>
            <source>C&amp;omparison</source>
            <translation>比较(&amp;O)</translation>
        </message>
        <message>
            <source>Ctrl+3</source>
            <translation>Ctrl+3</translation>
        </message>
        <message>
            <source>&amp;Ask</source>
            <translation>问答(&amp;A)</translation>
        </message>
        <message>
            <source>Ctrl+4</source>
            <translation>Ctrl+4</translation>
        </message>
        <message>
            <source>&amp;Playback</source>
            <translation>播放(&amp;P)</translation>
        </message>
        <message>
            <source>&amp;Play / stop</source>
            <translation>播放 / 停止(&amp;P)</translation>
        </message>
        <message>
            <source>Play &amp;selection</source>
            <translation>播放选区(&amp;S)</translation>
        </message>
        <message>
            <source>Shift+Space</source>
            <translation>Shift+Space</translation>
        </message>
        <message>
            <source>&amp;Follow playback</source>
            <translation>跟随播放(&amp;F)</translation>
        </message>
        <message>
            <source>Page</source>
            <translation>翻页</translation>
        </message>
        <message>
            <source>Scroll (centred)</source>
            <translation>滚动（居中）</translation>
        </message>
        <message>
            <source>Off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>&amp;Run</source>
            <translation>运行(&amp;R)</translation>
        </message>
        <message>
            <source>&amp;Transcribe this utterance live</source>
            <translation>实时转写此语句(&amp;T)</translation>
        </message>
        <message>
            <source>Ctrl+R</source>
            <translation>Ctrl+R</translation>
        </message>
        <message>
            <source>Compare with other &amp;checkpoints…</source>
            <translation>与其他检查点比较(&amp;C)…</translation>
        </message>
        <message>
            <source>&amp;Cancel</source>
            <translation>取消(&amp;C)</translation>
        </message>
        <message>
            <source>Ctrl+.</source>
            <translation>Ctrl+.</translation>
        </message>
        <message>
            <source>&amp;Help</source>
            <translation>帮助(&amp;H)</translation>
        </message>
        <message>
            <source>&amp;Keyboard shortcuts</source>
            <translation>键盘快捷键(&amp;K)</translation>
        </message>
        <message>
            <source>&amp;About SteerScope</source>
            <translation>关于 SteerScope(&amp;A)</translation>
        </message>
        <message>
            <source>Main</source>
            <translation>主工具栏</translation>
        </message>
        <message>
            <source> Layer </source>
            <translation> 层 </translation>
        </message>
        <message>
            <source>Encoder layer shown in the router heatmap ([ and ] step through layers)</source>
            <translation>路由热图中显示的编码器层（用 [ 和 ] 逐层切换）</translation>
        </message>
        <message>
            <source>Could not open the recording</source>
            <translation>无法打开记录</translation>
        </message>
        <message>
            <source>Compare</source>
            <translation>比较</translation>
        </message>
        <message>
            <source>Open a recording first; the comparison recording is paired with it by utterance id.</source>
            <translation>请先打开一个记录；比较用的记录将按语句 ID 与其配对。</translation>
        </message>
        <message>
            <source>%1 has no utterance “%2”: recordings are paired by utterance id.</source>
            <translation>%1 中没有语句“%2”：记录按语句 ID 配对。</translation>
        </message>
        <message>
            <source>%1 — SteerScope</source>
            <translation>%1 — SteerScope</translation>
        </message>
        <message>
            <source>audio: %1</source>
            <translation>音频：%1</translation>
        </message>
        <message>
            <source>utterances: %1</source>
            <translation>语句数：%1</translation>
        </message>
        <message>
            <source>layers × experts: %1 × %2 (width %3)</source>
            <translation>层 × 专家：%1 × %2（宽度 %3）</translation>
        </message>
        <message>
            <source>pooling: %1</source>
            <translation>池化：%1</translation>
        </message>
        <message>
            <source>padding: %1</source>
            <translation>填充：%1</translation>
        </message>
        <message>
            <source>device: %1 %2</source>
            <translation>设备：%1 %2</translation>
        </message>
        <message>
            <source>written by SteerScope %1</source>
            <translation>由 SteerScope %1 写入</translation>
        </message>
        <message>
            <source>started: %1</source>
            <translation>开始时间：%1</translation>
        </message>
        <message>
            <source>Analysing %1 utterances…</source>
            <translation>正在分析 %1 条语句…</translation>
        </message>
        <message>
            <source>The analysis failed: %1</source>
            <translation>分析失败：%1</translation>
        </message>
        <message>
            <source>Comparison failed</source>
            <translation>比较失败</translation>
        </message>
        <message>
            <source>Run</source>
            <translation>运行</translation>
        </message>
        <message>
            <source>Load checkpoints first (File → Open checkpoints).</source>
            <translation>请先加载检查点（文件 → 打开检查点）。</translation>
        </message>
        <message>
            <source>The current utterance has no readable source audio.</source>
            <translation>当前语句没有可读取的源音频。</translation>
        </message>
        <message>
            <source>Transcribing %1 live…</source>
            <translation>正在实时转写 %1…</translation>
        </message>
        <message>
            <source>A: %1 · B: %2: compared</source>
            <translation>A：%1 · B：%2：已比较</translation>
        </message>
        <message>
            <source>Live runs</source>
            <translation>实时运行</translation>
        </message>
        <message>
            <source>live run</source>
            <translation>实时运行</translation>
        </message>
        <message>
            <source>The comparison run failed</source>
            <translation>比较运行失败</translation>
        </message>
        <message>
            <source>The live run failed</source>
            <translation>实时运行失败</translation>
        </message>
        <message>
            <source>Intervention</source>
            <translation>干预</translation>
        </message>
        <message>
            <source>Interventions need a live engine with a steering checkpoint: open checkpoints first.</source>
            <translation>干预需要带引导检查点的实时引擎：请先打开检查点。</translation>
        </message>
        <message>
            <source>The current utterance has no readable source audio to run again.</source>
            <translation>当前语句没有可读取的源音频，无法重新运行。</translation>
        </message>
        <message>
            <source>baseline</source>
            <translation>基线</translation>
        </message>
        <message>
            <source>Running with %1…</source>
            <translation>正在以 %1 运行…</translation>
        </message>
        <message>
            <source>Running %1 on %2…</source>
            <translation>正在对 %2 运行 %1…</translation>
        </message>
        <message>
            <source>Load the first set of checkpoints before comparing with a second.</source>
            <translation>请先加载第一组检查点，再与第二组比较。</translation>
        </message>
        <message>
            <source>The current utterance has no readable source audio to run.</source>
            <translation>当前语句没有可读取的源音频，无法运行。</translation>
        </message>
        <message>
            <source>Could not load the second checkpoints</source>
            <translation>无法加载第二组检查点</translation>
        </message>
        <message>
            <source>Loading %1…</source>
            <translation>正在加载 %1…</translation>
        </message>
        <message>
            <source>What is said in this clip?</source>
            <translation>这段音频说了什么？</translation>
        </message>
        <message>
            <source>How many speakers are there?</source>
            <translation>有几位说话人？</translation>
        </message>
        <message>
            <source>Is the speaker asking a question or giving a command?</source>
            <translation>说话人是在提问还是在下达指令？</translation>
        </message>
        <message>
            <source>%1, utterance %2</source>
            <translation>%1，语句 %2</translation>
        </message>
        <message>
            <source>Export</source>
            <translation>导出</translation>
        </message>
        <message>
            <source>SteerScope: %1</source>
            <translation>SteerScope：%1</translation>
        </message>
        <message>
            <source>Session</source>
            <translation>会话</translation>
        </message>
        <message>
            <source>Could not open the session</source>
            <translation>无法打开会话</translation>
        </message>
        <message>
            <source>Could not save the session</source>
            <translation>无法保存会话</translation>
        </message>
        <message>
            <source>Session saved to %1</source>
            <translation>会话已保存到 %1</translation>
        </message>
        <message>
            <source>There are no live runs to save.</source>
            <translation>没有可保存的实时运行结果。</translation>
        </message>
        <message>
            <source>Could not save the live runs</source>
            <translation>无法保存实时运行结果</translation>
        </message>
        <message>
            <source>Live runs saved to %1</source>
            <translation>实时运行结果已保存到 %1</translation>
        </message>
        <message>
            <source>Open recording</source>
            <translation>打开记录</translation>
        </message>
        <message>
            <source>Recordings (*.h5 *.hdf5);;All files (*)</source>
            <translation>记录 (*.h5 *.hdf5);;所有文件 (*)</translation>
        </message>
        <message>
            <source>Recording to compare with</source>
            <translation>用于比较的记录</translation>
        </message>
        <message>
            <source>Open audio</source>
            <translation>打开音频</translation>
        </message>
        <message>
            <source>Checkpoints to compare with</source>
            <translation>用于比较的检查点</translation>
        </message>
        <message>
            <source>Open session</source>
            <translation>打开会话</translation>
        </message>
        <message>
            <source>SteerScope sessions (*.%1)</source>
            <translation>SteerScope 会话 (*.%1)</translation>
        </message>
        <message>
            <source>Save session</source>
            <translation>保存会话</translation>
        </message>
        <message>
            <source>Export view</source>
            <translation>导出视图</translation>
        </message>
        <message>
            <source>PNG images (*.png)</source>
            <translation>PNG 图像 (*.png)</translation>
        </message>
        <message>
            <source>SVG drawings (*.svg)</source>
            <translation>SVG 图形 (*.svg)</translation>
        </message>
        <message>
            <source>Export pane data</source>
            <translation>导出窗格数据</translation>
        </message>
        <message>
            <source>Pane</source>
            <translation>窗格</translation>
        </message>
        <message>
            <source>CSV files (*.csv)</source>
            <translation>CSV 文件 (*.csv)</translation>
        </message>
        <message>
            <source>Routing statistics by layer</source>
            <translation>各层路由统计</translation>
        </message>
        <message>
            <source>Experts × phone classes</source>
            <translation>专家 × 音素类别</translation>
        </message>
        <message>
            <source>Experts × speakers</source>
            <translation>专家 × 说话人</translation>
        </message>
        <message>
            <source>Checkpoint comparison by layer</source>
            <translation>按层的检查点比较</translation>
        </message>
        <message>
            <source>Generated tokens</source>
            <translation>生成的词元</translation>
        </message>
        <message>
            <source>Export analysis table</source>
            <translation>导出分析表格</translation>
        </message>
        <message>
            <source>Table</source>
            <translation>表格</translation>
        </message>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>The new language takes effect the next time SteerScope starts.</source>
            <translation>新的语言将在下次启动 SteerScope 时生效。</translation>
        </message>
        <message>
            <source>About SteerScope</source>
            <translation>关于 SteerScope</translation>
        </message>
        <message>
            <source>&lt;h3&gt;SteerScope %1&lt;/h3&gt;&lt;p&gt;A workbench for SteerMoE audio-language models: routing, checkpoints and spoken QA.&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2 (built with %3)&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;Compiler&lt;/td&gt;&lt;td&gt;%5, %6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</source>
            <translation>&lt;h3&gt;SteerScope %1&lt;/h3&gt;&lt;p&gt;SteerMoE 音频-语言模型工作台：路由、检查点与语音问答。&lt;/p&gt;&lt;table&gt;&lt;tr&gt;&lt;td&gt;Qt&lt;/td&gt;&lt;td&gt;%2（构建于 %3）&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;LibTorch&lt;/td&gt;&lt;td&gt;%4&lt;/td&gt;&lt;/tr&gt;&lt;tr&gt;&lt;td&gt;编译器&lt;/td&gt;&lt;td&gt;%5，%6&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;</translation>
        </message>
        <message>
            <source>Open a recording</source>
            <translation>打开记录</translation>
        </message>
        <message>
            <source>Open checkpoints</source>
            <translation>打开检查点</translation>
        </message>
        <message>
            <source>Save the session</source>
            <translation>保存会话</translation>
        </message>
        <message>
            <source>Ctrl+E / Ctrl+Shift+E</source>
            <translation>Ctrl+E / Ctrl+Shift+E</translation>
        </message>
        <message>
            <source>Export the view as PNG / a pane as CSV</source>
            <translation>将视图导出为 PNG / 将窗格导出为 CSV</translation>
        </message>
        <message>
            <source>Mouse wheel, Ctrl++ / Ctrl+-</source>
            <translation>鼠标滚轮，Ctrl++ / Ctrl+-</translation>
        </message>
        <message>
            <source>Zoom</source>
            <translation>缩放</translation>
        </message>
        <message>
            <source>Zoom to fit</source>
            <translation>缩放至全部</translation>
        </message>
        <message>
            <source>Left / Right, Page Up / Page Down, Home / End</source>
            <translation>左 / 右，Page Up / Page Down，Home / End</translation>
        </message>
        <message>
            <source>Scroll the timeline</source>
            <translation>滚动时间轴</translation>
        </message>
        <message>
            <source>Drag; Ctrl+drag; Shift+drag</source>
            <translation>拖动；Ctrl+拖动；Shift+拖动</translation>
        </message>
        <message>
            <source>Select; add a range; extend the selection</source>
            <translation>选择；添加区间；扩展选区</translation>
        </message>
        <message>
            <source>[ / ]</source>
            <translation>[ / ]</translation>
        </message>
        <message>
            <source>Previous / next layer</source>
            <translation>上一层 / 下一层</translation>
        </message>
        <message>
            <source>Space / Shift+Space</source>
            <translation>Space / Shift+Space</translation>
        </message>
        <message>
            <source>Play or stop / play the selection</source>
            <translation>播放或停止 / 播放选区</translation>
        </message>
        <message>
            <source>Show what the encoder sees</source>
            <translation>显示编码器看到的内容</translation>
        </message>
        <message>
            <source>Transcribe the utterance live</source>
            <translation>实时转写语句</translation>
        </message>
        <message>
            <source>Right-click the router heatmap</source>
            <translation>右键单击路由热图</translation>
        </message>
        <message>
            <source>Ablate or force an expert, scale a layer's steering</source>
            <translation>消融或强制某个专家，缩放某层的引导</translation>
        </message>
        <message>
            <source>Ctrl+1 … Ctrl+4</source>
            <translation>Ctrl+1 … Ctrl+4</translation>
        </message>
        <message>
            <source>Timeline, charts, comparison, ask</source>
            <translation>时间轴、图表、比较、问答</translation>
        </message>
        <message>
            <source>Keyboard shortcuts</source>
            <translation>键盘快捷键</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::Session</name>
        <message>
            <source>This is not a SteerScope session file.</source>
            <translation>这不是 SteerScope 会话文件。</translation>
        </message>
        <message>
            <source>The session was saved by a newer SteerScope (format version %1; this one reads %2).</source>
            <translation>该会话由较新版本的 SteerScope 保存（格式版本 %1；本版本可读取 %2）。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::SessionFile</name>
        <message>
            <source>Could not save the session to %1: %2</source>
            <translation>无法将会话保存到 %1：%2</translation>
        </message>
        <message>
            <source>Could not open the session %1: %2</source>
            <translation>无法打开会话 %1：%2</translation>
        </message>
        <message>
            <source>%1 is not valid JSON: %2 (at byte %3)</source>
            <translation>%1 不是有效的 JSON：%2（位于第 %3 字节）</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::SettingsDialog</name>
        <message>
            <source>Settings</source>
            <translation>设置</translation>
        </message>
        <message>
            <source>System language</source>
            <translation>系统语言</translation>
        </message>
        <message>
            <source>Clear recent files</source>
            <translation>清除最近的文件</translation>
        </message>
        <message>
            <source>Language</source>
            <translation>语言</translation>
        </message>
        <message>
            <source>A new language takes effect the next time SteerScope starts.</source>
            <translation>新的语言将在下次启动 SteerScope 时生效。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::gui::WelcomePage</name>
        <message>
            <source>&lt;h1&gt;SteerScope&lt;/h1&gt;&lt;p&gt;A workbench for steered audio-language models: see where the router sends each frame, against the sound, the phones and the speakers.&lt;/p&gt;</source>
            <translation>&lt;h1&gt;SteerScope&lt;/h1&gt;&lt;p&gt;面向受引导音频-语言模型的工作台：对照声音、音素和说话人，查看路由器把每一帧分配给了哪个专家。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Getting started&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;Open a recording&lt;/b&gt; (.h5) made by &lt;tt&gt;steerscope-cli record&lt;/tt&gt;, on this computer or a GPU cluster: routing, log-mel, transcripts and alignments of every utterance.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Open checkpoints&lt;/b&gt; (a Whisper encoder, a SteerMoE steering checkpoint, a Qwen2 or LLaMA decoder), then &lt;b&gt;open audio&lt;/b&gt; to run the model live, intervene on experts and ask questions.&lt;/li&gt;&lt;li&gt;&lt;b&gt;Open a session&lt;/b&gt; to restore an earlier analysis exactly as you left it.&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;Drag the mouse over any pane to select, scroll the wheel to zoom, press Space to play.&lt;/p&gt;</source>
            <translation>&lt;h3&gt;快速入门&lt;/h3&gt;&lt;ul&gt;&lt;li&gt;&lt;b&gt;打开记录&lt;/b&gt;（.h5），由 &lt;tt&gt;steerscope-cli record&lt;/tt&gt; 在本机或 GPU 集群上生成：包含每条语句的路由、对数梅尔谱、转写文本和对齐。&lt;/li&gt;&lt;li&gt;&lt;b&gt;打开检查点&lt;/b&gt;（Whisper 编码器、SteerMoE 引导检查点、Qwen2 或 LLaMA 解码器），然后&lt;b&gt;打开音频&lt;/b&gt;，即可实时运行模型、干预专家并提问。&lt;/li&gt;&lt;li&gt;&lt;b&gt;打开会话&lt;/b&gt;，按离开时的原样恢复之前的分析。&lt;/li&gt;&lt;/ul&gt;&lt;p&gt;在任意窗格上拖动鼠标进行选择，滚动滚轮进行缩放，按空格键播放。&lt;/p&gt;</translation>
        </message>
        <message>
            <source>Open recording…</source>
            <translation>打开记录…</translation>
        </message>
        <message>
            <source>Open audio…</source>
            <translation>打开音频…</translation>
        </message>
        <message>
            <source>Open checkpoints…</source>
            <translation>打开检查点…</translation>
        </message>
        <message>
            <source>Open session…</source>
            <translation>打开会话…</translation>
        </message>
        <message>
            <source>Open the demo</source>
            <translation>打开演示</translation>
        </message>
        <message>
            <source>&lt;h3&gt;Recent files&lt;/h3&gt;</source>
            <translation>&lt;h3&gt;最近的文件&lt;/h3&gt;</translation>
        </message>
        <message>
            <source>(none yet)</source>
            <translation>（暂无）</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::AudioPlayer</name>
        <message>
            <source>There is no audio to play: the recording's source audio could not be read.</source>
            <translation>没有可播放的音频：无法读取记录的源音频。</translation>
        </message>
        <message>
            <source>No audio output device is available.</source>
            <translation>没有可用的音频输出设备。</translation>
        </message>
        <message>
            <source>The audio device cannot play %1 Hz mono 16-bit audio.</source>
            <translation>音频设备无法播放 %1 Hz 单声道 16 位音频。</translation>
        </message>
        <message>
            <source>The audio device could not start playback.</source>
            <translation>音频设备无法开始播放。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::ChatPanel</name>
        <message>
            <source>Audio: none</source>
            <translation>音频：无</translation>
        </message>
        <message>
            <source>Use timeline audio</source>
            <translation>使用时间轴音频</translation>
        </message>
        <message>
            <source>Open audio…</source>
            <translation>打开音频…</translation>
        </message>
        <message>
            <source>Record</source>
            <translation>录音</translation>
        </message>
        <message>
            <source>Record a question or command from the microphone</source>
            <translation>用麦克风录制问题或指令</translation>
        </message>
        <message>
            <source>Double-click an example to load its clip and ask its question</source>
            <translation>双击示例以加载其音频片段并提出其问题</translation>
        </message>
        <message>
            <source>Examples</source>
            <translation>示例</translation>
        </message>
        <message>
            <source>Ask about the audio, or give a command…</source>
            <translation>就音频提问，或下达指令…</translation>
        </message>
        <message>
            <source>Question</source>
            <translation>问题</translation>
        </message>
        <message>
            <source>Prompt (sent as is)</source>
            <translation>提示（原样发送）</translation>
        </message>
        <message>
            <source>Token ids</source>
            <translation>词元 ID</translation>
        </message>
        <message>
            <source>Question: the model's question instruction goes before your text. Prompt: your text is sent exactly as typed, for models trained with their own instructions. Token ids: for decoders without a tokenizer, e.g. 17, 300, 4</source>
            <translation>问题：在您的文本前加上模型的提问指令。提示：文本按输入原样发送，适用于用自有指令训练的模型。词元 ID：用于没有分词器的解码器，例如 17, 300, 4</translation>
        </message>
        <message>
            <source>Ask</source>
            <translation>问答</translation>
        </message>
        <message>
            <source>Regenerate</source>
            <translation>重新生成</translation>
        </message>
        <message>
            <source>Clear</source>
            <translation>清空</translation>
        </message>
        <message>
            <source>Stop</source>
            <translation>停止</translation>
        </message>
        <message>
            <source>Decoding</source>
            <translation>解码</translation>
        </message>
        <message>
            <source>Greedy</source>
            <translation>贪心</translation>
        </message>
        <message>
            <source>Sample</source>
            <translation>采样</translation>
        </message>
        <message>
            <source>Mode</source>
            <translation>模式</translation>
        </message>
        <message>
            <source>Temperature</source>
            <translation>温度</translation>
        </message>
        <message>
            <source>off</source>
            <translation>关闭</translation>
        </message>
        <message>
            <source>Top-k</source>
            <translation>Top-k</translation>
        </message>
        <message>
            <source>Top-p</source>
            <translation>Top-p</translation>
        </message>
        <message>
            <source>Seed</source>
            <translation>随机种子</translation>
        </message>
        <message>
            <source>Max new tokens</source>
            <translation>最大新词元数</translation>
        </message>
        <message>
            <source>Stop recording</source>
            <translation>停止录音</translation>
        </message>
        <message>
            <source>This decoder has no tokenizer: type the prompt as token ids, e.g. 17, 300, 4</source>
            <translation>此解码器没有分词器：请以词元 ID 输入提示，例如 17, 300, 4</translation>
        </message>
        <message>
            <source>thinking…</source>
            <translation>思考中…</translation>
        </message>
        <message>
            <source>%1 tokens · first token %2 ms · %3 tokens/s</source>
            <translation>%1 个词元 · 首词元 %2 毫秒 · %3 词元/秒</translation>
        </message>
        <message>
            <source>encoder %1 ms · </source>
            <translation>编码器 %1 毫秒 · </translation>
        </message>
        <message>
            <source>You:</source>
            <translation>你：</translation>
        </message>
        <message>
            <source>Model:</source>
            <translation>模型：</translation>
        </message>
        <message>
            <source>Choose the audio above (or an example on the left), then ask a question or give a spoken command.</source>
            <translation>请在上方选择音频（或在左侧选择示例），然后提问或下达语音指令。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::ColourMap</name>
        <message>
            <source>Viridis</source>
            <translation>Viridis</translation>
        </message>
        <message>
            <source>Magma</source>
            <translation>Magma</translation>
        </message>
        <message>
            <source>Inferno</source>
            <translation>Inferno</translation>
        </message>
        <message>
            <source>Greys</source>
            <translation>灰度</translation>
        </message>
        <message>
            <source>Ice</source>
            <translation>冰蓝</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::ComparisonView</name>
        <message>
            <source>Open two recordings of the same audio, or run an intervention, to compare.</source>
            <translation>打开同一音频的两个记录，或运行一次干预，即可进行比较。</translation>
        </message>
        <message>
            <source>No matching (indices as they are)</source>
            <translation>不匹配（按原始编号）</translation>
        </message>
        <message>
            <source>Match experts by steering vectors</source>
            <translation>按引导向量匹配专家</translation>
        </message>
        <message>
            <source>Match experts by co-occurrence</source>
            <translation>按共现匹配专家</translation>
        </message>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>A: %1   ·   B: %2</source>
            <translation>A：%1   ·   B：%2</translation>
        </message>
        <message>
            <source>JS divergence A–B, layer %1</source>
            <translation>A–B 的 JS 散度，第 %1 层</translation>
        </message>
        <message>
            <source>bits</source>
            <translation>比特</translation>
        </message>
        <message>
            <source>JS, unmatched</source>
            <translation>JS，未匹配</translation>
        </message>
        <message>
            <source>JS, matched</source>
            <translation>JS，匹配后</translation>
        </message>
        <message>
            <source>agreement</source>
            <translation>一致率</translation>
        </message>
        <message>
            <source>JS (bits)</source>
            <translation>JS（比特）</translation>
        </message>
        <message>
            <source>dominant agrees</source>
            <translation>主导专家一致</translation>
        </message>
        <message>
            <source>Router divergence by layer (%1 utterances)</source>
            <translation>各层路由差异（%1 条语句）</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::FrameSeriesPane</name>
        <message>
            <source>No data</source>
            <translation>无数据</translation>
        </message>
        <message>
            <source>%1 s  frame %2  %3 = %4 %5</source>
            <translation>%1 秒  第 %2 帧  %3 = %4 %5</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::InterventionRequest</name>
        <message>
            <source>all layers</source>
            <translation>所有层</translation>
        </message>
        <message>
            <source>layer %1</source>
            <translation>第 %1 层</translation>
        </message>
        <message>
            <source>force expert %1 at %2</source>
            <translation>在%2强制使用专家 %1</translation>
        </message>
        <message>
            <source>ablate expert %1 at %2</source>
            <translation>在%2消融专家 %1</translation>
        </message>
        <message>
            <source>scale steering ×%1 at %2</source>
            <translation>在%2将引导缩放 ×%1</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::LayerOverviewPane</name>
        <message>
            <source>Dominant expert, all layers</source>
            <translation>各层主导专家</translation>
        </message>
        <message>
            <source>No routing recorded</source>
            <translation>未记录路由</translation>
        </message>
        <message>
            <source>%1 s  layer %2  dominant expert %3  p = %4  confidence %5</source>
            <translation>%1 秒  第 %2 层  主导专家 %3  p = %4  置信度 %5</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::MatrixHeatmapView</name>
        <message>
            <source>No data: the recording has no labels of this kind</source>
            <translation>无数据：该记录没有此类标签</translation>
        </message>
        <message>
            <source>%1 × %2: %3</source>
            <translation>%1 × %2：%3</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::MicrophoneRecorder</name>
        <message>
            <source>No microphone is available.</source>
            <translation>没有可用的麦克风。</translation>
        </message>
        <message>
            <source>The microphone offers no 16-bit or float format.</source>
            <translation>麦克风不支持 16 位或浮点格式。</translation>
        </message>
        <message>
            <source>The microphone could not be opened.</source>
            <translation>无法打开麦克风。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::RouterHeatmapPane</name>
        <message>
            <source>Layer %1 routing</source>
            <translation>第 %1 层路由</translation>
        </message>
        <message>
            <source>No routing recorded for this utterance</source>
            <translation>此语句未记录路由</translation>
        </message>
        <message>
            <source>frame %1</source>
            <translation>第 %1 帧</translation>
        </message>
        <message>
            <source>frames %1–%2 (mean)</source>
            <translation>第 %1–%2 帧（平均）</translation>
        </message>
        <message>
            <source>%1 s  layer %2  %3  expert %4: p = %5  dominant e%6 (%7)</source>
            <translation>%1 秒  第 %2 层  %3  专家 %4：p = %5  主导 e%6（%7）</translation>
        </message>
        <message>
            <source>  [padding]</source>
            <translation>  [填充]</translation>
        </message>
        <message>
            <source>Ablate expert %1 at layer %2</source>
            <translation>在第 %2 层消融专家 %1</translation>
        </message>
        <message>
            <source>Force expert %1 at layer %2</source>
            <translation>在第 %2 层强制使用专家 %1</translation>
        </message>
        <message>
            <source>Remove layer %1 steering (×0)</source>
            <translation>移除第 %1 层引导（×0）</translation>
        </message>
        <message>
            <source>Scale layer %1 steering…</source>
            <translation>缩放第 %1 层引导…</translation>
        </message>
        <message>
            <source>Scale steering</source>
            <translation>缩放引导</translation>
        </message>
        <message>
            <source>Factor for layer %1's steering:</source>
            <translation>第 %1 层引导的缩放系数：</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::RoutingChartsView</name>
        <message>
            <source>Layer</source>
            <translation>层</translation>
        </message>
        <message>
            <source>Expert</source>
            <translation>专家</translation>
        </message>
        <message>
            <source>Load and entropy</source>
            <translation>负载与熵</translation>
        </message>
        <message>
            <source>Experts × phone classes</source>
            <translation>专家 × 音素类别</translation>
        </message>
        <message>
            <source>Experts × speakers</source>
            <translation>专家 × 说话人</translation>
        </message>
        <message>
            <source>Specialisation (NMI)</source>
            <translation>专门化（NMI）</translation>
        </message>
        <message>
            <source>Top phones</source>
            <translation>主要音素</translation>
        </message>
        <message>
            <source>Open a recording to see its routing statistics.</source>
            <translation>打开记录以查看其路由统计。</translation>
        </message>
        <message>
            <source>This recording has no routing to analyse.</source>
            <translation>该记录没有可分析的路由。</translation>
        </message>
        <message>
            <source>e%1</source>
            <translation>e%1</translation>
        </message>
        <message>
            <source>Mean probability (bars)</source>
            <translation>平均概率（柱形）</translation>
        </message>
        <message>
            <source>mean frame entropy / ln E</source>
            <translation>平均帧熵 / ln E</translation>
        </message>
        <message>
            <source>entropy of mean load / ln E</source>
            <translation>平均负载的熵 / ln E</translation>
        </message>
        <message>
            <source>Entropy / ln E (lines)</source>
            <translation>熵 / ln E（折线）</translation>
        </message>
        <message>
            <source>Expert load and router entropy by layer (%1 utterances)</source>
            <translation>各层专家负载与路由熵（%1 条语句）</translation>
        </message>
        <message>
            <source>%1, layer %2: P(expert | label)   NMI %3 (dominant expert: %4)</source>
            <translation>%1，第 %2 层：P(专家 | 标签)   NMI %3（主导专家：%4）</translation>
        </message>
        <message>
            <source>phone class</source>
            <translation>音素类别</translation>
        </message>
        <message>
            <source>phone</source>
            <translation>音素</translation>
        </message>
        <message>
            <source>speaker</source>
            <translation>说话人</translation>
        </message>
        <message>
            <source>NMI (dominant expert vs label)</source>
            <translation>NMI（主导专家与标签）</translation>
        </message>
        <message>
            <source>How much the dominant expert says about the label, by layer</source>
            <translation>各层主导专家对标签的信息量</translation>
        </message>
        <message>
            <source>Layer %1, expert %2: phones under its dominant frames</source>
            <translation>第 %1 层，专家 %2：其主导帧上的音素</translation>
        </message>
        <message>
            <source>share P(phone | expert)</source>
            <translation>比例 P(音素 | 专家)</translation>
        </message>
        <message>
            <source>%1 (lift %2)</source>
            <translation>%1（提升度 %2）</translation>
        </message>
        <message>
            <source>Share of the expert's dominant frames</source>
            <translation>占该专家主导帧的比例</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::SpectrogramPane</name>
        <message>
            <source>Log-mel (encoder input)</source>
            <translation>对数梅尔谱（编码器输入）</translation>
        </message>
        <message>
            <source>Spectrogram</source>
            <translation>语谱图</translation>
        </message>
        <message>
            <source>This recording stores no log-mel for the utterance</source>
            <translation>该记录未存储此语句的对数梅尔谱</translation>
        </message>
        <message>
            <source>Source audio not available: choose the log-mel source to see what the encoder saw</source>
            <translation>源音频不可用：请选择对数梅尔谱来源，查看编码器看到的内容</translation>
        </message>
        <message>
            <source>%1k</source>
            <translation>%1k</translation>
        </message>
        <message>
            <source>%1 s  %2 Hz (%3 mel)</source>
            <translation>%1 秒  %2 Hz（%3 mel）</translation>
        </message>
        <message>
            <source>  %1 dB (%2 dB below the utterance's maximum)</source>
            <translation>  %1 dB（比该语句最大值低 %2 dB）</translation>
        </message>
        <message>
            <source>  %1 dBFS</source>
            <translation>  %1 dBFS</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::SpectrogramSettingsPanel</name>
        <message>
            <source>Spectrogram</source>
            <translation>语谱图</translation>
        </message>
        <message>
            <source>Source audio</source>
            <translation>源音频</translation>
        </message>
        <message>
            <source>Encoder input (stored log-mel)</source>
            <translation>编码器输入（已存储的对数梅尔谱）</translation>
        </message>
        <message>
            <source>Shows</source>
            <translation>显示内容</translation>
        </message>
        <message>
            <source>%1 samples (%2 ms)</source>
            <translation>%1 个采样点（%2 毫秒）</translation>
        </message>
        <message>
            <source>Window</source>
            <translation>窗长</translation>
        </message>
        <message>
            <source>Hann</source>
            <translation>汉宁窗</translation>
        </message>
        <message>
            <source>Hamming</source>
            <translation>汉明窗</translation>
        </message>
        <message>
            <source>Blackman</source>
            <translation>布莱克曼窗</translation>
        </message>
        <message>
            <source>Window shape</source>
            <translation>窗函数</translation>
        </message>
        <message>
            <source> samples</source>
            <translation> 个采样点</translation>
        </message>
        <message>
            <source>Hop</source>
            <translation>帧移</translation>
        </message>
        <message>
            <source> dB</source>
            <translation> dB</translation>
        </message>
        <message>
            <source>Floor</source>
            <translation>下限</translation>
        </message>
        <message>
            <source>Ceiling</source>
            <translation>上限</translation>
        </message>
        <message>
            <source>Colours</source>
            <translation>配色</translation>
        </message>
        <message>
            <source>Linear</source>
            <translation>线性</translation>
        </message>
        <message>
            <source>Logarithmic</source>
            <translation>对数</translation>
        </message>
        <message>
            <source>Mel</source>
            <translation>梅尔</translation>
        </message>
        <message>
            <source>Frequency axis</source>
            <translation>频率轴</translation>
        </message>
        <message>
            <source> Hz</source>
            <translation> Hz</translation>
        </message>
        <message>
            <source>From</source>
            <translation>从</translation>
        </message>
        <message>
            <source>To</source>
            <translation>到</translation>
        </message>
        <message>
            <source>Speech</source>
            <translation>语音</translation>
        </message>
        <message>
            <source>Wide-band spectrogram of the audio: 32 ms Hann window, 10 ms hop, 0–8 kHz</source>
            <translation>音频的宽带语谱图：32 毫秒汉宁窗，10 毫秒帧移，0–8 kHz</translation>
        </message>
        <message>
            <source>What the encoder sees</source>
            <translation>编码器看到的内容</translation>
        </message>
        <message>
            <source>The log-mel stored in the recording: the encoder's actual input, on the mel axis</source>
            <translation>记录中存储的对数梅尔谱：编码器的实际输入，以梅尔轴显示</translation>
        </message>
        <message>
            <source>Router heatmap</source>
            <translation>路由热图</translation>
        </message>
        <message>
            <source>%1 samples</source>
            <translation>%1 个采样点</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::TierPane</name>
        <message>
            <source>Phones</source>
            <translation>音素</translation>
        </message>
        <message>
            <source>Words</source>
            <translation>词</translation>
        </message>
        <message>
            <source>Speakers</source>
            <translation>说话人</translation>
        </message>
        <message>
            <source>no %1 tier in this recording</source>
            <translation>该记录中没有%1层级</translation>
        </message>
        <message>
            <source>%1 intervals: zoom in to read them</source>
            <translation>%1 个区间：放大后可读</translation>
        </message>
        <message>
            <source>%1 s  %2 “%3”  %4–%5 s (%6 ms)</source>
            <translation>%1 秒  %2“%3”  %4–%5 秒（%6 毫秒）</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::TimeRulerPane</name>
        <message>
            <source>Time</source>
            <translation>时间</translation>
        </message>
        <message>
            <source>time (s)</source>
            <translation>时间（秒）</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::TimelinePane</name>
        <message>
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <source>Zoom to selection</source>
            <translation>缩放至选区</translation>
        </message>
        <message>
            <source>Zoom to fit</source>
            <translation>缩放至全部</translation>
        </message>
        <message>
            <source>Clear selection</source>
            <translation>清除选区</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::TimelineStack</name>
        <message>
            <source>Layer %1 steering strength</source>
            <translation>第 %1 层引导强度</translation>
        </message>
        <message>
            <source>phone %1 (%2)</source>
            <translation>音素 %1（%2）</translation>
        </message>
        <message>
            <source>word %1</source>
            <translation>词 %1</translation>
        </message>
        <message>
            <source>speaker %1</source>
            <translation>说话人 %1</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::TranscriptDiffView</name>
        <message>
            <source>No transcripts to compare.</source>
            <translation>没有可比较的转写文本。</translation>
        </message>
        <message>
            <source>%1 and %2 produced the same %3 tokens.</source>
            <translation>%1 与 %2 生成了相同的 %3 个词元。</translation>
        </message>
        <message>
            <source>%1 against %2: %3 substitutions, %4 deletions, %5 insertions (rate %6%)</source>
            <translation>%1 对比 %2：%3 处替换，%4 处删除，%5 处插入（错误率 %6%）</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::TranscriptView</name>
        <message>
            <source>Transcript</source>
            <translation>转写文本</translation>
        </message>
        <message>
            <source>encoder %1 ms · first token %2 ms · total %3 ms</source>
            <translation>编码器 %1 毫秒 · 首词元 %2 毫秒 · 总计 %3 毫秒</translation>
        </message>
        <message>
            <source>Transcript: %1</source>
            <translation>转写文本：%1</translation>
        </message>
        <message>
            <source>Transcript: none (the run had no decoder)</source>
            <translation>转写文本：无（本次运行没有解码器）</translation>
        </message>
        <message>
            <source>(no tokens)</source>
            <translation>（无词元）</translation>
        </message>
        <message>
            <source>Reference: %1</source>
            <translation>参考：%1</translation>
        </message>
        <message>
            <source>token %1: id %2 %3  log p = %4  p = %5</source>
            <translation>词元 %1：ID %2 %3  log p = %4  p = %5</translation>
        </message>
        <message>
            <source>(special) %1</source>
            <translation>（特殊词元）%1</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::ViewExport</name>
        <message>
            <source>Could not write %1: %2</source>
            <translation>无法写入 %1：%2</translation>
        </message>
        <message>
            <source>Exported from SteerScope</source>
            <translation>由 SteerScope 导出</translation>
        </message>
        <message>
            <source>There is nothing to export from this view.</source>
            <translation>此视图中没有可导出的内容。</translation>
        </message>
    </context>
    <context>
        <name>steerscope::views::WaveformPane</name>
        <message>
            <source>Waveform</source>
            <translation>波形</translation>
        </message>
        <message>
            <source>%1 s</source>
            <translation>%1 秒</translation>
        </message>
        <message>
            <source>%1 s  amplitude %2 … %3  (peak %4 dBFS)</source>
            <translation>%1 秒  振幅 %2 … %3（峰值 %4 dBFS）</translation>
        </message>
    </context>
</TS>
