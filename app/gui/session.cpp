#include "app/gui/session.h"

#include <QCoreApplication>
#include <QDir>
#include <QJsonArray>

namespace steerscope::gui {

namespace {

QString relativeTo(const QString& base, const QString& path) {
  if (path.isEmpty() || base.isEmpty()) return path;
  const QString rel = QDir(base).relativeFilePath(path);
  return rel.startsWith(QLatin1String("..")) ? QDir::cleanPath(QDir(base).absoluteFilePath(path)) : rel;
}

QString resolve(const QString& base, const QString& path) {
  if (path.isEmpty() || base.isEmpty() || QDir::isAbsolutePath(path)) return path;
  return QDir::cleanPath(QDir(base).absoluteFilePath(path));
}

}  // namespace

QJsonObject Session::toJson(const QString& base) const {
  QJsonArray sel;
  for (const auto& r : selection) sel.append(QJsonArray{r.start_s, r.end_s});
  QJsonObject pane_map;
  for (auto it = panes.begin(); it != panes.end(); ++it) pane_map.insert(it.key(), it.value());
  CheckpointSet cp = checkpoints;
  cp.encoder_dir = relativeTo(base, cp.encoder_dir);
  cp.steering_path = relativeTo(base, cp.steering_path);
  cp.decoder_dir = relativeTo(base, cp.decoder_dir);
  return {{"format", "steerscope-session"},
          {"version", kVersion},
          {"recording", relativeTo(base, recording)},
          {"comparison_recording", relativeTo(base, comparison_recording)},
          {"audio", relativeTo(base, audio)},
          {"checkpoints", cp.toJson()},
          {"utterance", utterance},
          {"layer", layer},
          {"view", QJsonObject{{"zoom_level", zoom_level},
                               {"first_column", double(first_column)},
                               {"cursor_s", cursor},
                               {"selection_s", sel}}},
          {"spectrogram", spectrogram.toJson()},
          {"router_colour_map", views::ColourMap::key(router_colours)},
          {"include_padding", include_padding},
          {"panes", pane_map},
          {"tab", tab},
          {"sampling", QJsonObject{{"sample", sampling.sample},
                                   {"temperature", sampling.temperature},
                                   {"top_k", sampling.top_k},
                                   {"top_p", sampling.top_p},
                                   {"seed", double(sampling.seed)},
                                   {"max_new_tokens", sampling.max_new_tokens}}}};
}

Session Session::fromJson(const QJsonObject& j, const QString& base, QString* error) {
  Session s;
  if (j.value("format").toString() != QLatin1String("steerscope-session")) {
    if (error)
      *error =
          QCoreApplication::translate("steerscope::gui::Session", "This is not a SteerScope session file.");
    return {};
  }
  if (j.value("version").toInt() > kVersion) {
    if (error)
      *error = QCoreApplication::translate(
                   "steerscope::gui::Session",
                   "The session was saved by a newer SteerScope (format version %1; this one reads %2).")
                   .arg(j.value("version").toInt())
                   .arg(kVersion);
    return {};
  }
  s.recording = resolve(base, j.value("recording").toString());
  s.comparison_recording = resolve(base, j.value("comparison_recording").toString());
  s.audio = resolve(base, j.value("audio").toString());
  s.checkpoints = CheckpointSet::fromJson(j.value("checkpoints").toObject());
  s.checkpoints.encoder_dir = resolve(base, s.checkpoints.encoder_dir);
  s.checkpoints.steering_path = resolve(base, s.checkpoints.steering_path);
  s.checkpoints.decoder_dir = resolve(base, s.checkpoints.decoder_dir);
  s.utterance = j.value("utterance").toString();
  s.layer = std::max(0, j.value("layer").toInt());
  const QJsonObject view = j.value("view").toObject();
  s.zoom_level = view.value("zoom_level").toInt(-1);
  s.first_column = qint64(view.value("first_column").toDouble(0));
  s.cursor = view.value("cursor_s").toDouble(0);
  for (const auto& r : view.value("selection_s").toArray()) {
    const QJsonArray a = r.toArray();
    if (a.size() == 2) s.selection.push_back({a[0].toDouble(), a[1].toDouble()});
  }
  s.spectrogram = views::SpectrogramSettings::fromJson(j.value("spectrogram").toObject());
  s.router_colours = views::ColourMap::parse(j.value("router_colour_map").toString());
  s.include_padding = j.value("include_padding").toBool(false);
  const QJsonObject panes = j.value("panes").toObject();
  for (auto it = panes.begin(); it != panes.end(); ++it) s.panes.insert(it.key(), it.value().toBool(true));
  s.tab = j.value("tab").toString();
  const QJsonObject sampling = j.value("sampling").toObject();
  s.sampling.sample = sampling.value("sample").toBool(s.sampling.sample);
  s.sampling.temperature = sampling.value("temperature").toDouble(s.sampling.temperature);
  s.sampling.top_k = sampling.value("top_k").toInt(s.sampling.top_k);
  s.sampling.top_p = sampling.value("top_p").toDouble(s.sampling.top_p);
  s.sampling.seed = quint64(sampling.value("seed").toDouble(0));
  s.sampling.max_new_tokens = sampling.value("max_new_tokens").toInt(s.sampling.max_new_tokens);
  return s;
}

}  // namespace steerscope::gui
