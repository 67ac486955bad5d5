"""RSS 2.0 and Atom feeds of the latest news."""

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from wagtail.models import Locale

from .models import NewsPage


class LatestNews(Feed):
    title = "Tin tức KH&CN Đồng bằng sông Cửu Long"
    link = "/"
    description = "Tin mới của Cổng thông tin khoa học và công nghệ ĐBSCL."

    def items(self):
        # The Vietnamese articles (translations are copies of them).
        default = NewsPage.objects.live().public().filter(locale=Locale.get_default())
        return default.order_by("-first_published_at")[:20]

    def item_title(self, item: NewsPage) -> str:
        return item.title

    def item_description(self, item: NewsPage) -> str:
        return item.lead

    def item_link(self, item: NewsPage) -> str:
        return item.url

    def item_pubdate(self, item: NewsPage):
        return item.first_published_at

    def item_author_name(self, item: NewsPage) -> str:
        return item.author


class LatestNewsAtom(LatestNews):
    feed_type = Atom1Feed
    subtitle = LatestNews.description
