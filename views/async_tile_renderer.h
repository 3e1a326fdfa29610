#pragma once
// Renders a pane's tiles (tile_cache.h) in background threads so that painting never waits for them: a
// paint blits the tiles it has, draws tiles of a neighbouring zoom level scaled into the gaps (what was
// on screen a moment ago, as Sonic Visualiser's partial redraws do), asks for the missing ones, and
// repaints when they arrive (tileReady). A paint therefore costs a few image blits whatever the data.
//
// Scheduling. Every paint replaces the pane's queue of wanted tiles with what it needs now (visible
// tiles first, then one neighbour either side), so tiles of views the user has already left are never
// rendered. All panes share one pool of low-priority threads (one thread fewer than the cores, at
// least one), so rendering never competes with the GUI thread for the CPU.
//
// Contract for the render function: it runs in worker threads, possibly several tiles of one pane at a
// time, so it may only read data it owns or shares immutably (the panes capture shared_ptr<const ...>
// snapshots). Replacing the function (new data, settings or height) drops every tile and every result
// still on its way.
//
// Synchronous mode renders missing tiles inside paint(): exports and screenshots want complete images.

#include <QColor>
#include <QObject>
#include <functional>
#include <memory>
#include <vector>

#include "views/tile_cache.h"

class QPainter;
class QRect;

namespace steerscope::views {

class TimelineModel;

class AsyncTileRenderer : public QObject {
  Q_OBJECT
 public:
  using Render = TileCache::Renderer;

  explicit AsyncTileRenderer(QObject* parent = nullptr);
  ~AsyncTileRenderer() override;

  // Replaces the render function (null: nothing to draw) and drops every tile.
  void setRenderer(Render render);
  bool hasRenderer() const;
  void setSynchronous(bool on) { synchronous_ = on; }
  bool synchronous() const { return synchronous_; }

  // Fills `content` for the model's current view.
  void paint(QPainter& painter, const QRect& content, const TimelineModel& model, const QColor& background);
  // True when no tile is wanted, being rendered, or on its way to the GUI thread.
  bool idle() const;
  // Blocks (running the event loop for this object) until idle.
  void waitForIdle();
  const TileCache& cache() const { return cache_; }

 signals:
  void tileReady();

 private:
  struct Shared;
  void schedule(int level, const std::vector<int64_t>& wanted);
  void deliver(uint64_t generation, int level, int64_t index, QImage image);
  bool drawFallback(QPainter& painter, const QRect& content, const TimelineModel& model, int level,
                    const std::vector<int64_t>& missing);

  TileCache cache_;
  std::shared_ptr<Shared> shared_;
  bool synchronous_ = false;
};

}  // namespace steerscope::views
