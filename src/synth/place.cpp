// SPDX-License-Identifier: MIT
// Where the cells of one synthetic field go, and what each looks like: random sequential placement
// with a no-overlap rule for nuclei, some targets touching each other (the watershed must split
// them) and effectors clustered at target cell bodies (their label bleeds onto the effectors).
#include <algorithm>
#include <cmath>
#include <string>

#include "lysisq/errors.hpp"
#include "rng.hpp"
#include "synth_detail.hpp"

namespace lysisq::synth::detail {

namespace {

constexpr double kPi = 3.14159265358979323846;
/// Nuclei may overlap by 5 % of the sum of their radii along the line between their centres:
/// they touch (the watershed case) but never hide each other.
constexpr double kNucleusContact = 0.95;
/// Target bodies placed at random keep apart to 85 % of the sum of their radii (cells spread on
/// the plate and touch); targets placed as touching pairs skip this rule.
constexpr double kBodyContact = 0.85;
/// Effectors touch target bodies but never lie on them (that would put target label inside an
/// effector's nucleus, which no classifier could resolve): nucleus centre at least 0.85 of its
/// radius outside the body.
constexpr double kEffectorBodyGap = 0.85;
constexpr int kMarginPx = 2;  ///< nuclei stay whole inside the field, 2 px from the border

/// Intensities in grey values above background (12-bit camera, ~4095 full scale). A dead target's
/// nucleus is condensed: brighter in Hoechst and 20 % smaller; it keeps some target label.
constexpr double kHoechstLive = 1400, kHoechstDead = 2100, kHoechstEffector = 1800;
constexpr double kLabelLive = 1000, kLabelDead = 650;
constexpr double kDeadStainDead = 1800, kDeadStainLive = 40;

/// Multiplicative cell-to-cell variation, N(1, sd) kept positive.
double vary(Rng& rng, double sd) { return std::clamp(1.0 + sd * rng.normal(), 0.5, 1.5); }

Cell make_cell(CellKind kind, double r0, Rng& rng) {
  Cell c;
  c.kind = kind;
  const bool dead = kind == CellKind::kDeadTarget, effector = kind == CellKind::kEffector;
  const double r_eq = r0 * (effector ? 0.6 : dead ? 0.8 : 1.0) * rng.uniform(0.9, 1.1);
  const double aspect = rng.uniform(1.0, kind == CellKind::kLiveTarget ? 1.35 : 1.2);
  c.a = r_eq * std::sqrt(aspect);
  c.b = r_eq / std::sqrt(aspect);
  c.theta = rng.uniform(0.0, kPi);
  if (!effector) {
    c.body_r = 1.7 * r0 * (dead ? 0.85 : 1.0) * rng.uniform(0.95, 1.1);
    const double off = 0.25 * r_eq * rng.uniform(), phi = rng.uniform(0.0, 2 * kPi);
    c.body_x = off * std::cos(phi);  // relative until placed
    c.body_y = off * std::sin(phi);
  }
  c.level[0] = (effector ? kHoechstEffector : dead ? kHoechstDead : kHoechstLive) * vary(rng, 0.12);
  c.level[1] = effector ? 0.0 : (dead ? kLabelDead : kLabelLive) * vary(rng, 0.15);
  c.level[2] = (dead ? kDeadStainDead : kDeadStainLive) * vary(rng, 0.15);
  return c;
}

/// Buckets of cell indices on a square grid whose side is at least the largest interaction
/// distance, so a candidate only needs its own and the 8 neighbouring buckets.
class Grid {
 public:
  Grid(int width, int height, double side)
      : side_(side), nx_(int(width / side) + 1), ny_(int(height / side) + 1), buckets_(std::size_t(nx_ * ny_)) {}
  void insert(int i, double x, double y) { buckets_[index(bx(x), by(y))].push_back(i); }
  template <class Fn>
  bool all_near(double x, double y, Fn&& ok) const {
    for (int j = std::max(0, by(y) - 1); j <= std::min(ny_ - 1, by(y) + 1); ++j)
      for (int i = std::max(0, bx(x) - 1); i <= std::min(nx_ - 1, bx(x) + 1); ++i)
        for (int c : buckets_[index(i, j)])
          if (!ok(c)) return false;
    return true;
  }

 private:
  int bx(double x) const { return std::clamp(int(x / side_), 0, nx_ - 1); }
  int by(double y) const { return std::clamp(int(y / side_), 0, ny_ - 1); }
  std::size_t index(int i, int j) const { return std::size_t(j) * std::size_t(nx_) + std::size_t(i); }
  double side_;
  int nx_, ny_;
  std::vector<std::vector<int>> buckets_;
};

class Placer {
 public:
  Placer(const SynthParams& p, Rng& rng)
      : p_(p), rng_(rng), grid_(p.width, p.height, std::ceil(4.2 * p.nucleus_radius_px) + 1) {}

  /// Places `c` (appended to cells_) or throws; `touching` and `clustered` pick the strategy.
  void place(Cell c, bool touching, bool clustered) {
    for (int attempt = 0; attempt < 2000; ++attempt) {
      const bool near = attempt < 30 && n_targets_ > 0 && (touching || clustered);
      const double phi = rng_.uniform(0.0, 2 * kPi);
      double x = rng_.uniform(0.0, p_.width - 1.0), y = rng_.uniform(0.0, p_.height - 1.0);
      if (near && touching) {
        const Cell& anchor = cells_[std::size_t(pick_target())];
        const double d = (radius_along(anchor, phi) + radius_along(c, phi)) * rng_.uniform(kNucleusContact, 1.0);
        x = anchor.x + d * std::cos(phi);
        y = anchor.y + d * std::sin(phi);
      } else if (near) {
        // The effector nucleus touches the body: from a 15 % overlap of its radius to a 30 % gap.
        const Cell& anchor = cells_[std::size_t(pick_target())];
        const double d = anchor.body_r + std::sqrt(c.a * c.b) * rng_.uniform(kEffectorBodyGap, 1.3);
        x = anchor.body_x + d * std::cos(phi);
        y = anchor.body_y + d * std::sin(phi);
      }
      if (fits(c, x, y, /*check_body=*/!(near && touching))) return commit(c, x, y);
    }
    throw ConfigError("synth: could not place a cell in a " + std::to_string(p_.width) + "x" +
                      std::to_string(p_.height) + " field (too crowded); lower targets_per_field");
  }

  std::vector<Cell> take() { return std::move(cells_); }

 private:
  /// Targets are placed before effectors, so cells_[0 .. n_targets_) are the targets.
  int pick_target() { return rng_.below(n_targets_); }

  bool fits(const Cell& c, double x, double y, bool check_body) const {
    if (x - c.a < kMarginPx || y - c.a < kMarginPx || x + c.a > p_.width - 1 - kMarginPx ||
        y + c.a > p_.height - 1 - kMarginPx)
      return false;
    const bool is_target = c.kind != CellKind::kEffector;
    return grid_.all_near(x, y, [&](int j) {
      const Cell& o = cells_[std::size_t(j)];
      const double dx = o.x - x, dy = o.y - y, d = std::hypot(dx, dy);
      const double phi = std::atan2(dy, dx);
      if (d < kNucleusContact * (radius_along(c, phi) + radius_along(o, phi))) return false;
      if (!is_target && o.kind != CellKind::kEffector &&
          std::hypot(o.body_x - x, o.body_y - y) < o.body_r + kEffectorBodyGap * std::sqrt(c.a * c.b))
        return false;
      if (check_body && is_target && o.kind != CellKind::kEffector) {
        const double db = std::hypot(o.body_x - (x + c.body_x), o.body_y - (y + c.body_y));
        if (db < kBodyContact * (c.body_r + o.body_r)) return false;
      }
      return true;
    });
  }

  void commit(Cell c, double x, double y) {
    c.x = x;
    c.y = y;
    c.body_x += x;
    c.body_y += y;
    grid_.insert(int(cells_.size()), x, y);
    if (c.kind != CellKind::kEffector) ++n_targets_;
    cells_.push_back(c);
  }

  const SynthParams& p_;
  Rng& rng_;
  Grid grid_;
  std::vector<Cell> cells_;
  int n_targets_ = 0;
};

}  // namespace

double radius_along(const Cell& c, double phi) {
  const double t = phi - c.theta, ct = std::cos(t), st = std::sin(t);
  return c.a * c.b / std::sqrt(c.b * c.b * ct * ct + c.a * c.a * st * st);
}

const char* cell_kind_name(CellKind k) {
  switch (k) {
    case CellKind::kLiveTarget: return "live_target";
    case CellKind::kDeadTarget: return "dead_target";
    case CellKind::kEffector: return "effector";
  }
  return "unknown";
}

std::vector<Cell> place_cells(const FieldSpec& f, const SynthParams& p) {
  Rng rng(derive(f.key, 1));
  Placer placer(p, rng);
  const double r0 = p.nucleus_radius_px;
  const int n_targets = f.live_targets + f.dead_targets;
  for (int i = 0; i < n_targets; ++i) {
    const CellKind kind = i < f.live_targets ? CellKind::kLiveTarget : CellKind::kDeadTarget;
    Cell c = make_cell(kind, r0, rng);
    c.texture_key = derive(f.key, 1000 + std::uint64_t(i));
    placer.place(c, /*touching=*/i > 0 && rng.bernoulli(p.touching_target_fraction), false);
  }
  for (int i = 0; i < f.effectors; ++i) {
    Cell c = make_cell(CellKind::kEffector, r0, rng);
    c.texture_key = derive(f.key, 1000 + std::uint64_t(n_targets + i));
    placer.place(c, false, /*clustered=*/rng.bernoulli(p.clustered_effector_fraction));
  }
  return placer.take();
}

}  // namespace lysisq::synth::detail
