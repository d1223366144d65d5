"""Sample items as citizens write them, each with the body that answers such things: the
project's own data for training and measuring the routing suggestions (and for the demo).
Half are typed without Vietnamese accents, as many people type on a phone."""

from __future__ import annotations

import random
from collections.abc import Iterator

from nq57.core.text import fold_accents

# What each body is asked about: facts of the bodies' remits, phrased as people write.
TOPICS: dict[str, tuple[str, ...]] = {
    "BKHCN": (
        "đề tài khoa học cấp quốc gia",
        "chuyển giao công nghệ",
        "sở hữu trí tuệ và bằng sáng chế",
        "chữ ký số",
        "hạ tầng viễn thông và sóng 5G",
        "doanh nghiệp khoa học và công nghệ",
        "quỹ phát triển khoa học",
        "tiêu chuẩn đo lường chất lượng",
        "trí tuệ nhân tạo",
    ),
    "BTC": (
        "thuế thu nhập doanh nghiệp",
        "hóa đơn điện tử",
        "ngân sách nhà nước cho khoa học",
        "thủ tục hải quan",
        "phí và lệ phí",
        "quyết toán thuế",
        "trái phiếu doanh nghiệp",
    ),
    "BYT": (
        "bệnh viện",
        "bảo hiểm y tế",
        "hồ sơ sức khỏe điện tử",
        "khám chữa bệnh từ xa",
        "đơn thuốc điện tử",
        "thiết bị y tế",
        "cấp phép hành nghề y",
    ),
    "BGDDT": (
        "tuyển sinh đại học",
        "học bạ số",
        "văn bằng chứng chỉ",
        "chương trình giáo dục phổ thông",
        "học trực tuyến",
        "giáo viên",
        "trường học",
    ),
    "BCA": (
        "căn cước công dân",
        "định danh điện tử",
        "ứng dụng VNeID",
        "an ninh mạng",
        "đăng ký cư trú",
        "hộ chiếu",
        "lừa đảo qua mạng",
    ),
    "BNNMT": (
        "giấy chứng nhận quyền sử dụng đất",
        "dữ liệu đất đai",
        "bảo vệ môi trường",
        "truy xuất nguồn gốc nông sản",
        "thủy lợi",
        "khí tượng thủy văn",
        "rác thải",
    ),
    "BCT": (
        "thương mại điện tử",
        "giá điện",
        "xuất nhập khẩu",
        "năng lượng tái tạo",
        "bảo vệ người tiêu dùng",
        "hàng giả trên sàn",
        "xăng dầu",
    ),
    "BXD": (
        "giấy phép xây dựng",
        "nhà ở xã hội",
        "giao thông đường bộ",
        "đăng kiểm xe",
        "quy hoạch đô thị",
        "thu phí không dừng",
        "đường sắt",
    ),
    "BTP": (
        "văn bản quy phạm pháp luật",
        "lý lịch tư pháp",
        "công chứng điện tử",
        "đăng ký khai sinh",
        "hộ tịch",
        "trợ giúp pháp lý",
        "thi hành án dân sự",
    ),
    "VPCP": (
        "Cổng Dịch vụ công quốc gia",
        "thủ tục hành chính",
        "dịch vụ công trực tuyến toàn trình",
        "thanh toán trực tuyến trên cổng",
        "một cửa điện tử",
        "phản ánh kiến nghị về thủ tục",
    ),
}

OPENINGS = (
    "Đề nghị cải tiến {topic}",
    "Kiến nghị về {topic}",
    "Phản ánh khó khăn khi làm thủ tục {topic}",
    "Sáng kiến số hóa {topic}",
    "Giải pháp đơn giản hóa {topic}",
    "Góp ý chính sách {topic}",
)
DETAILS = (
    "Hiện nay người dân phải đi lại nhiều lần và nộp bản giấy.",
    "Thời gian giải quyết kéo dài, thông tin chưa công khai.",
    "Đề nghị kết nối dữ liệu để không phải khai báo lại.",
    "Hệ thống thường lỗi vào giờ cao điểm.",
    "Đề xuất cho phép thực hiện hoàn toàn trên điện thoại.",
    "Quy định hiện hành chưa rõ, mỗi nơi hướng dẫn một kiểu.",
)


def routing_sample(seed: int = 57, per_body: int = 60) -> Iterator[tuple[str, str]]:
    """(text, body) pairs: an opening and a detail around one of the body's topics."""
    rng = random.Random(seed)
    bodies = list(TOPICS)
    for body, topics in TOPICS.items():
        for _ in range(per_body):
            topic = rng.choice(topics)
            text = f"{rng.choice(OPENINGS).format(topic=topic)}. {rng.choice(DETAILS)}"
            if rng.random() < 0.4:
                # Real items mention other bodies' matters too, which makes them harder.
                other = rng.choice([b for b in bodies if b != body])
                text += f" Việc này còn liên quan đến {rng.choice(TOPICS[other])}."
            yield (fold_accents(text) if rng.random() < 0.5 else text), body


def held_out_accuracy(seed: int = 57, test_share: float = 0.2) -> dict[str, float]:
    """Train on most of the sample, measure on the rest: the share whose body is the first
    suggestion, and among the first three."""
    from .routing import Router  # the router trains on this sample: imported late

    pairs = list(routing_sample(seed))
    random.Random(seed + 1).shuffle(pairs)
    cut = int(len(pairs) * (1 - test_share))
    train, test = pairs[:cut], pairs[cut:]
    router = Router([t for t, _ in train], [b for _, b in train])
    first = top3 = 0
    for text, body in test:
        suggested = [s.body for s in router.suggest(text)]
        first += suggested[0] == body
        top3 += body in suggested
    return {
        "examples": len(pairs),
        "tested": len(test),
        "top1": round(first / len(test), 3),
        "top3": round(top3 / len(test), 3),
    }
