"""Demo news: Vietnamese articles with generated lead images, published under "Tin tức"."""

import io
import random
from datetime import date, timedelta

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
from wagtail.images.models import Image

from library.demo import vocabulary as v
from library.demo.names import family_name, given_name
from library.demo.pdf import FONT
from portal.home.models import HomePage

from .models import NewsIndexPage, NewsPage

EVENTS = (
    "Hội thảo khoa học về {topic} tại {province}",
    "{province} nghiệm thu đề tài ứng dụng {topic}",
    "Tập huấn chuyển giao công nghệ {topic} cho nông dân {province}",
    "Ký kết hợp tác nghiên cứu {topic} giữa các tỉnh ĐBSCL",
    "Ra mắt cơ sở dữ liệu số về {topic} của {province}",
    "Hội chợ công nghệ và thiết bị vùng ĐBSCL giới thiệu giải pháp {topic}",
)
COLOURS = ((11, 110, 79), (19, 78, 94), (120, 62, 20), (40, 90, 160), (110, 40, 90))


def lead_image(rng: random.Random, title: str) -> Image:
    colour = rng.choice(COLOURS)
    picture = PILImage.new("RGB", (1200, 675), colour)
    draw = ImageDraw.Draw(picture)
    for y in range(0, 675, 6):  # a soft gradient toward the bottom
        shade = tuple(max(0, c - y // 12) for c in colour)
        draw.rectangle([0, y, 1200, y + 6], fill=shade)
    font = ImageFont.truetype(str(FONT), 54)
    words, lines, line = title.split(), [], ""
    for word in words:
        if len(line) + len(word) > 30:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    lines.append(line)
    for number, text in enumerate(lines[:5]):
        draw.text((60, 120 + number * 80), text, font=font, fill=(255, 255, 255))
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return Image.objects.create(
        title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="tin-tuc.png")
    )


def seed_news(count: int, seed: int) -> int:
    home = HomePage.objects.first()
    if home is None or count <= 0:
        return 0
    index = NewsIndexPage.objects.child_of(home).first()
    if index is None:
        index = home.add_child(
            instance=NewsIndexPage(
                title="Tin tức",
                slug="tin-tuc",
                intro="<p>Tin hoạt động khoa học và công nghệ vùng ĐBSCL.</p>",
            )
        )
        index.save_revision().publish()
    rng = random.Random(seed)
    topics = [w for c in v.COLLECTIONS.values() for w in c["objects"]]
    for number in range(count):
        _, province, library_name = rng.choice(v.PROVINCES)
        topic = rng.choice(topics)
        title = rng.choice(EVENTS).format(topic=topic, province=province)
        collection = rng.choice(list(v.COLLECTIONS.values()))["name"]
        paragraphs = [
            f"<p>Ngày {rng.randint(1, 28)}/{rng.randint(1, 12)}, {library_name} cho biết "
            f"các nhà khoa học đã trình bày kết quả mới về {topic}.</p>",
            "<p>Các đại biểu thống nhất tăng cường chia sẻ dữ liệu khoa học giữa các tỉnh, "
            "thành vùng Đồng bằng sông Cửu Long qua mạng thư viện số.</p>",
        ]
        article = NewsPage(
            title=title,
            date=date(2026, 11, 20) - timedelta(days=number * 3),
            lead=f"{title}: kết quả nổi bật và hướng ứng dụng tại địa phương.",
            author=f"Phóng viên {family_name(rng)} {given_name(rng)}",
            lead_image=lead_image(rng, title),
            body=[("paragraph", p) for p in paragraphs]
            + [("quote", "Khoa học và công nghệ là động lực phát triển của vùng.")],
        )
        index.add_child(instance=article)
        article.topics.add(collection, province)
        article.save_revision().publish()
    return count
