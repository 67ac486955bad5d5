"""Vietnamese personal names as the delta's catalogues have them: family, middle, given.

Family names follow their share of the population (Nguyễn about 38%, then Trần, Lê, Phạm,
Huỳnh/Hoàng, Phan, Võ/Vũ …, with the Khmer Thạch, Danh, Sơn, Kim of Sóc Trăng and Trà Vinh);
the middle name mostly tells the sex (Văn, Thị); given names fall off Zipf-wise, and about one
name in six has a second middle name ("Nguyễn Thị Ngọc Hân").
"""

import random
from itertools import accumulate

# (name, per mille of the population): a long tail, the south's spellings (Huỳnh, Võ).
FAMILY = (
    ("Nguyễn", 380), ("Trần", 110), ("Lê", 95), ("Phạm", 70), ("Huỳnh", 45), ("Phan", 45),
    ("Võ", 40), ("Hoàng", 20), ("Vũ", 15), ("Trương", 15), ("Bùi", 20), ("Đặng", 20),
    ("Đỗ", 14), ("Ngô", 13), ("Hồ", 13), ("Dương", 10), ("Lý", 5), ("Lâm", 6), ("Châu", 5),
    ("Thạch", 6), ("Danh", 4), ("Sơn", 3), ("Kim", 3), ("Đinh", 4), ("Mai", 4), ("Tô", 3),
    ("Lưu", 3), ("Quách", 3), ("Đoàn", 4), ("Cao", 3), ("Tạ", 2), ("Hà", 2), ("La", 2),
    ("Tăng", 2), ("Lương", 3), ("Triệu", 2), ("Thái", 2), ("Từ", 1), ("Khưu", 1), ("Diệp", 1),
)  # fmt: skip
MIDDLE = {
    "male": (("Văn", 55), ("Minh", 10), ("Hữu", 8), ("Thanh", 6), ("Quốc", 6), ("Đức", 5),
             ("Hoàng", 4), ("Công", 4), ("Trọng", 3), ("Duy", 3), ("Tấn", 3), ("Xuân", 2)),
    "female": (("Thị", 60), ("Ngọc", 10), ("Thanh", 6), ("Kim", 5), ("Thuỳ", 4), ("Hồng", 4),
               ("Mỹ", 4), ("Phương", 3), ("Bích", 2), ("Thu", 2)),
}  # fmt: skip
GIVEN = {
    "male": """Hùng Dũng Tuấn Minh Nam Long Hải Sơn Phúc Thành Trí Khoa Quân Cường Tâm Hoà
        Bình Đức Toàn Thắng Hiếu Nghĩa Lộc Tài Phong Vinh Quang Huy Khang Thịnh Tùng Hậu Nhân
        Tiến Lợi Hưng Thuận Kiệt Luân Tín""".split(),
    "female": """Lan Hương Linh Trang Thảo Mai Hà Ngọc Yến Nhung Hạnh Phương Vy Nga Thuỷ Hoa
        Loan Diễm Trinh Hân Như Uyên Thư Xuân Tuyết Hằng Dung Vân Oanh Thơ Nhi Quyên My Châu
        Liên Diệu Giang Huyền Thắm Ánh""".split(),
}


def _cumulative(weights) -> list[float]:
    return list(accumulate(weights))


_FAMILY = ([n for n, _ in FAMILY], _cumulative(w for _, w in FAMILY))
_MIDDLE = {sex: ([n for n, _ in m], _cumulative(w for _, w in m)) for sex, m in MIDDLE.items()}
_GIVEN = {sex: (g, _cumulative(1 / (r + 1.5) for r in range(len(g)))) for sex, g in GIVEN.items()}


def _draw(rng: random.Random, table: tuple[list[str], list[float]]) -> str:
    names, weights = table
    return rng.choices(names, cum_weights=weights)[0]


def family_name(rng: random.Random) -> str:
    return _draw(rng, _FAMILY)


def given_name(rng: random.Random) -> str:
    return _draw(rng, _GIVEN[rng.choice(("male", "female"))])


def person(rng: random.Random) -> str:
    sex = "female" if rng.random() < 0.45 else "male"
    middle = _draw(rng, _MIDDLE[sex])
    if rng.random() < 0.17:
        second = _draw(rng, _MIDDLE[sex])
        if second != middle:
            middle = f"{middle} {second}"
    return f"{family_name(rng)} {middle} {_draw(rng, _GIVEN[sex])}"
