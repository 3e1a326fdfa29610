#include "views/async_tile_renderer.h"

#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QCoreApplication>
#include <QPainter>
#include <QRegion>
#include <QThread>
#include <QThreadPool>
#include <cmath>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <set>

#include "views/timeline_model.h"

namespace steerscope::views {

namespace {

// The pool every pane's tiles are rendered in. Its threads run at the lowest CPU priority (nice 19) so
// that the GUI thread, which paints, always gets the CPU first.
QThreadPool& tilePool() {
  static QThreadPool* pool = [] {
    auto* p = new QThreadPool;
    p->setMaxThreadCount(std::max(1, QThread::idealThreadCount() - 1));
    p->setExpiryTimeout(30000);
    return p;
  }();
  return *pool;
}

void lowerThisThreadsPriority() {
  thread_local bool lowered = false;
  if (lowered) return;
  lowered = true;
  // Linux applies nice values per thread (a thread id is a process id for setpriority).
  setpriority(PRIO_PROCESS, id_t(syscall(SYS_gettid)), 19);
}

struct Key {
  int level;
  int64_t index;
  bool operator<(const Key& o) const { return level != o.level ? level < o.level : index < o.index; }
  bool operator==(const Key& o) const { return level == o.level && index == o.index; }
};

}  // namespace

// What the renderer and its jobs share. Jobs hold it by shared_ptr, so it outlives the renderer; `alive`
// (under the mutex) says whether results may still be posted to it.
struct AsyncTileRenderer::Shared {
  std::mutex mutex;
  std::condition_variable done;
  AsyncTileRenderer* owner = nullptr;
  bool alive = true;
  std::shared_ptr<const Render> render;
  uint64_t generation = 0;
  std::deque<Key> wanted;   // most urgent first
  std::set<Key> rendering;  // taken by a job, not yet delivered
  int jobs = 0;             // running job loops
  int posted = 0;           // results posted to the GUI thread, not yet delivered
};

AsyncTileRenderer::AsyncTileRenderer(QObject* parent) : QObject(parent), shared_(std::make_shared<Shared>()) {
  shared_->owner = this;
}

AsyncTileRenderer::~AsyncTileRenderer() {
  std::unique_lock<std::mutex> lock(shared_->mutex);
  shared_->alive = false;
  shared_->wanted.clear();
  // Wait for renders in progress: their render functions may read data this object's owner holds.
  shared_->done.wait(lock, [this] { return shared_->jobs == 0; });
}

bool AsyncTileRenderer::hasRenderer() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->render != nullptr;
}

void AsyncTileRenderer::setRenderer(Render render) {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  shared_->render = render ? std::make_shared<const Render>(std::move(render)) : nullptr;
  ++shared_->generation;
  shared_->wanted.clear();
  shared_->rendering.clear();
  cache_.clear();
}

bool AsyncTileRenderer::idle() const {
  std::lock_guard<std::mutex> lock(shared_->mutex);
  return shared_->wanted.empty() && shared_->rendering.empty() && shared_->posted == 0;
}

void AsyncTileRenderer::schedule(int level, const std::vector<int64_t>& indices) {
  std::shared_ptr<Shared> shared = shared_;
  std::lock_guard<std::mutex> lock(shared->mutex);
  if (!shared->render) return;
  shared->wanted.clear();  // what earlier paints wanted is of no interest any more
  for (int64_t i : indices) {
    const Key k{level, i};
    if (i >= 0 && !shared->rendering.count(k)) shared->wanted.push_back(k);
  }
  const int max_jobs = tilePool().maxThreadCount();
  while (shared->jobs < max_jobs && shared->jobs < int(shared->wanted.size())) {
    ++shared->jobs;
    tilePool().start([shared] {
      lowerThisThreadsPriority();
      std::unique_lock<std::mutex> lock(shared->mutex);
      while (shared->alive && !shared->wanted.empty()) {
        const Key k = shared->wanted.front();
        shared->wanted.pop_front();
        shared->rendering.insert(k);
        const uint64_t generation = shared->generation;
        const std::shared_ptr<const Render> render = shared->render;
        lock.unlock();
        QImage image = (*render)(k.level, k.index * TileCache::kTileWidth, TileCache::kTileWidth);
        lock.lock();
        if (!shared->alive || generation != shared->generation) continue;
        // Posted to the GUI thread; the renderer cannot be destroyed meanwhile without `alive` going
        // false under this lock, and posted events die with their receiver.
        ++shared->posted;
        QMetaObject::invokeMethod(
            shared->owner,
            [owner = shared->owner, generation, k, image = std::move(image)]() mutable {
              owner->deliver(generation, k.level, k.index, std::move(image));
            },
            Qt::QueuedConnection);
      }
      --shared->jobs;
      shared->done.notify_all();
    });
  }
}

void AsyncTileRenderer::deliver(uint64_t generation, int level, int64_t index, QImage image) {
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    --shared_->posted;
    if (generation != shared_->generation) return;
    shared_->rendering.erase(Key{level, index});
  }
  cache_.tile(level, index, [&image](int, int64_t, int) { return std::move(image); });
  emit tileReady();
}

bool AsyncTileRenderer::drawFallback(QPainter& painter, const QRect& content, const TimelineModel& model,
                                     int level, const std::vector<int64_t>& missing) {
  // The missing tiles' time span, covered by cached tiles of a nearby level, drawn scaled once into the
  // gaps (one scaled blit per cached tile, however many tiles are missing).
  const double spp = model.secondsPerPixel();
  const double t0 = double(missing.front()) * TileCache::kTileWidth * spp;
  const double t1 = double(missing.back() + 1) * TileCache::kTileWidth * spp;
  QRegion gaps;
  for (int64_t index : missing)
    gaps += QRect(content.left() + int(index * TileCache::kTileWidth - model.firstColumn()), content.top(),
                  TileCache::kTileWidth, content.height());
  gaps &= content;
  for (int d : {1, -1, 2, -2, 3, -3, 4, -4, 6, -6, 8, -8}) {
    const int other = level + d;
    if (other < TimelineModel::kMinLevel || other > TimelineModel::kMaxLevel) continue;
    const double tile_seconds = TileCache::kTileWidth * TimelineModel::secondsPerPixelAt(other);
    const int64_t first = int64_t(std::floor(t0 / tile_seconds)),
                  last = int64_t(std::floor((t1 - 1e-12) / tile_seconds));
    if (last - first > 24) continue;  // far finer tiles: too many to draw in a frame
    bool all = true;
    for (int64_t i = first; i <= last && all; ++i) all = cache_.contains(other, i);
    if (!all) continue;
    painter.save();
    painter.setClipRegion(gaps, Qt::IntersectClip);
    for (int64_t i = first; i <= last; ++i) {
      const QRectF target(content.left() + double(i) * tile_seconds / spp - double(model.firstColumn()),
                          content.top(), tile_seconds / spp, content.height());
      painter.drawImage(target, cache_.tile(other, i, {}));
    }
    painter.restore();
    return true;
  }
  return false;
}

void AsyncTileRenderer::paint(QPainter& painter, const QRect& content, const TimelineModel& model,
                              const QColor& background) {
  std::shared_ptr<const Render> render;
  {
    std::lock_guard<std::mutex> lock(shared_->mutex);
    render = shared_->render;
  }
  if (!render) {
    painter.fillRect(content, background);
    return;
  }
  const int level = model.level();
  const int64_t first_col = model.firstColumn();
  const int64_t first = first_col / TileCache::kTileWidth;
  const int64_t last = (first_col + content.width() - 1) / TileCache::kTileWidth;
  std::vector<int64_t> missing;
  for (int64_t index = first; index <= last; ++index) {
    const int x = content.left() + int(index * TileCache::kTileWidth - first_col);
    if (synchronous_ || cache_.contains(level, index)) {
      painter.drawImage(QPoint(x, content.top()), cache_.tile(level, index, *render));
    } else {
      missing.push_back(index);
    }
  }
  if (synchronous_) return;
  if (!missing.empty() && !drawFallback(painter, content, model, level, missing)) {
    for (int64_t index : missing)
      painter.fillRect(QRect(content.left() + int(index * TileCache::kTileWidth - first_col), content.top(),
                             TileCache::kTileWidth, content.height()),
                       background);
  }
  // Neighbours for smooth panning, after the visible tiles.
  for (int64_t index : {last + 1, first - 1})
    if (index >= 0 && !cache_.contains(level, index)) missing.push_back(index);
  schedule(level, missing);
}

void AsyncTileRenderer::waitForIdle() {
  while (!idle()) {
    QThread::msleep(2);
    QCoreApplication::sendPostedEvents(this);
  }
}

}  // namespace steerscope::views
