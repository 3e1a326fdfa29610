#pragma once
// Rendered tiles of a pane, per zoom level: the image of columns [index·kTileWidth, (index+1)·kTileWidth)
// at one TimelineModel level, as tall as the pane's content area. Panning then only renders the tiles
// that scroll into view, and returning to a zoom level reuses what was rendered there. Least recently
// used tiles are dropped beyond the capacity.
//
// A cache is tied to everything a tile depends on besides (level, index): the pane clears it when its
// height, data or settings change (generation() lets a pane tell stale callers apart).

#include <QImage>
#include <cstdint>
#include <functional>
#include <list>
#include <unordered_map>

namespace steerscope::views {

class TileCache {
 public:
  static constexpr int kTileWidth = 256;
  // Renders the tile starting at absolute column first_column of the given level.
  using Renderer = std::function<QImage(int level, int64_t first_column, int columns)>;

  explicit TileCache(size_t capacity = 192) : capacity_(capacity) {}

  // The cached tile, rendered on a miss. The reference stays valid until the next call.
  const QImage& tile(int level, int64_t index, const Renderer& render);
  bool contains(int level, int64_t index) const { return map_.count(key(level, index)) != 0; }

  void clear();
  size_t size() const { return map_.size(); }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }
  uint64_t generation() const { return generation_; }

 private:
  static uint64_t key(int level, int64_t index) {
    return (uint64_t(uint32_t(level)) << 48) ^ uint64_t(index);
  }
  struct Entry {
    uint64_t key;
    QImage image;
  };
  size_t capacity_;
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<uint64_t, std::list<Entry>::iterator> map_;
  uint64_t hits_ = 0, misses_ = 0, generation_ = 0;
};

}  // namespace steerscope::views
