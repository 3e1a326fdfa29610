#include "views/tile_cache.h"

namespace steerscope::views {

const QImage& TileCache::tile(int level, int64_t index, const Renderer& render) {
  const uint64_t k = key(level, index);
  auto it = map_.find(k);
  if (it != map_.end()) {
    ++hits_;
    lru_.splice(lru_.begin(), lru_, it->second);
    return it->second->image;
  }
  ++misses_;
  lru_.push_front({k, render(level, index * kTileWidth, kTileWidth)});
  map_[k] = lru_.begin();
  while (map_.size() > capacity_) {
    map_.erase(lru_.back().key);
    lru_.pop_back();
  }
  return lru_.front().image;
}

void TileCache::clear() {
  lru_.clear();
  map_.clear();
  ++generation_;
}

}  // namespace steerscope::views
