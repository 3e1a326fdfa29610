// Tiles: the cache evicts the least recently used, and the asynchronous renderer paints without waiting,
// fills gaps from a neighbouring zoom level, and drops results rendered for replaced settings.
#include <gtest/gtest.h>

#include <QImage>
#include <QPainter>
#include <QThread>
#include <atomic>
#include <thread>

#include "tests/views/gui_test_support.h"
#include "views/async_tile_renderer.h"
#include "views/tile_cache.h"
#include "views/timeline_model.h"

using namespace steerscope::views;

TEST(TileCache, EvictsTheLeastRecentlyUsed) {
  TileCache cache(2);
  int renders = 0;
  auto render = [&](int, int64_t first, int w) {
    ++renders;
    QImage img(w, 1, QImage::Format_RGB32);
    img.fill(QColor::fromRgb(uint(first)));
    return img;
  };
  cache.tile(1, 0, render);
  cache.tile(1, 1, render);
  cache.tile(1, 0, render);  // hit; tile 1 is now the oldest
  cache.tile(1, 2, render);  // evicts tile 1
  EXPECT_TRUE(cache.contains(1, 0));
  EXPECT_FALSE(cache.contains(1, 1));
  EXPECT_TRUE(cache.contains(1, 2));
  EXPECT_EQ(renders, 3);
  EXPECT_EQ(cache.hits(), 1u);
  EXPECT_EQ(cache.tile(2, 0, render).width(), TileCache::kTileWidth);
  cache.clear();
  EXPECT_EQ(cache.size(), 0u);
}

TEST(AsyncTileRenderer, PaintsWithoutWaitingAndDeliversTilesLater) {
  steerscope::test::guiApp();
  TimelineModel model;
  model.setViewWidth(600);
  model.setDuration(100.0);
  model.setLevel(40);
  AsyncTileRenderer renderer;
  std::atomic<bool> release{false};
  std::atomic<int> rendered{0};
  renderer.setRenderer([&](int, int64_t, int w) {
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    ++rendered;
    QImage img(w, 10, QImage::Format_RGB32);
    img.fill(Qt::red);
    return img;
  });
  int ready = 0;
  QObject::connect(&renderer, &AsyncTileRenderer::tileReady, [&] { ++ready; });
  QImage target(600, 10, QImage::Format_RGB32);
  target.fill(Qt::white);
  {
    QPainter p(&target);
    renderer.paint(p, QRect(0, 0, 600, 10), model, Qt::white);  // returns although no tile can render yet
  }
  EXPECT_EQ(target.pixel(10, 5), QColor(Qt::white).rgb());
  EXPECT_FALSE(renderer.idle());
  release = true;
  renderer.waitForIdle();
  EXPECT_GE(ready, 3);  // three visible tiles, plus the prefetched neighbour
  {
    QPainter p(&target);
    renderer.paint(p, QRect(0, 0, 600, 10), model, Qt::white);
  }
  EXPECT_EQ(target.pixel(10, 5), QColor(Qt::red).rgb());
  // Zooming in by one level: the missing tiles are drawn from the level before, scaled.
  model.setLevel(39, 0.0, 0.0);
  release = false;
  target.fill(Qt::white);
  {
    QPainter p(&target);
    renderer.paint(p, QRect(0, 0, 600, 10), model, Qt::white);
  }
  EXPECT_EQ(target.pixel(10, 5), QColor(Qt::red).rgb());
  release = true;
  renderer.waitForIdle();
}

TEST(AsyncTileRenderer, DropsTilesRenderedForReplacedSettings) {
  steerscope::test::guiApp();
  TimelineModel model;
  model.setViewWidth(200);
  model.setDuration(10.0);
  AsyncTileRenderer renderer;
  std::atomic<bool> release{false};
  renderer.setRenderer([&](int, int64_t, int w) {
    while (!release.load()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    QImage img(w, 4, QImage::Format_RGB32);
    img.fill(Qt::blue);
    return img;
  });
  QImage target(200, 4, QImage::Format_RGB32);
  {
    QPainter p(&target);
    renderer.paint(p, QRect(0, 0, 200, 4), model, Qt::white);
  }
  renderer.setRenderer([](int, int64_t, int w) {
    QImage img(w, 4, QImage::Format_RGB32);
    img.fill(Qt::green);
    return img;
  });
  release = true;
  QThread::msleep(50);
  QCoreApplication::processEvents();
  EXPECT_EQ(renderer.cache().size(), 0u);  // the blue tiles were discarded
  renderer.setSynchronous(true);
  {
    QPainter p(&target);
    renderer.paint(p, QRect(0, 0, 200, 4), model, Qt::white);
  }
  EXPECT_EQ(target.pixel(5, 2), QColor(Qt::green).rgb());
}
