"""What the exchange's demo is made of: the delta's technologies, suppliers and needs."""

from .choices import Field, OrganisationType

# (name, type, province) of the suppliers beside the 13 provinces' application centres.
ORGANISATIONS = (
    ("Viện Lúa Đồng bằng sông Cửu Long", OrganisationType.INSTITUTE, "Cần Thơ"),
    ("Viện Cây ăn quả miền Nam", OrganisationType.INSTITUTE, "Tiền Giang"),
    ("Viện Nghiên cứu Nuôi trồng thủy sản II", OrganisationType.INSTITUTE, "Cần Thơ"),
    ("Viện Công nghệ sinh học và Thực phẩm", OrganisationType.INSTITUTE, "Cần Thơ"),
    ("Trường Đại học Cần Thơ", OrganisationType.UNIVERSITY, "Cần Thơ"),
    ("Trường Đại học An Giang", OrganisationType.UNIVERSITY, "An Giang"),
    ("Trường Đại học Trà Vinh", OrganisationType.UNIVERSITY, "Trà Vinh"),
    ("Trường Đại học Kỹ thuật – Công nghệ Cần Thơ", OrganisationType.UNIVERSITY, "Cần Thơ"),
    ("Công ty TNHH Cơ khí Nông nghiệp Mê Kông", OrganisationType.BUSINESS, "Cần Thơ"),
    ("Công ty Cổ phần Năng lượng Xanh Cửu Long", OrganisationType.BUSINESS, "Vĩnh Long"),
    ("Công ty TNHH Môi trường Nước Sạch Miền Tây", OrganisationType.BUSINESS, "Hậu Giang"),
    ("Công ty Cổ phần Thức ăn Thủy sản Sông Hậu", OrganisationType.BUSINESS, "Sóc Trăng"),
    ("Công ty TNHH Chế biến Dừa Bến Tre Xanh", OrganisationType.BUSINESS, "Bến Tre"),
    ("Hợp tác xã Công nghệ Sau thu hoạch Đồng Tháp", OrganisationType.BUSINESS, "Đồng Tháp"),
    ("Công ty TNHH Thiết bị Sấy Tân Phát", OrganisationType.BUSINESS, "Long An"),
    ("Công ty Cổ phần Sinh học Nông nghiệp Phương Nam", OrganisationType.BUSINESS, "An Giang"),
    ("Công ty TNHH Giải pháp Số Nông nghiệp Cần Thơ", OrganisationType.BUSINESS, "Cần Thơ"),
)
CENTRE = "Trung tâm Ứng dụng tiến bộ KH&CN {province}"

# (technology, field, what it does) the offers vary on.
TECHNOLOGIES = (
    (
        "Máy sấy nông sản bằng năng lượng mặt trời",
        Field.ENERGY,
        "sấy lúa, trái cây và dược liệu bằng nhà sấy kính kết hợp năng lượng mặt trời, "
        "giảm 40% chi phí nhiên liệu so với sấy bằng than",
    ),
    (
        "Giống lúa chịu mặn OM",
        Field.AGRICULTURE,
        "giống lúa chịu mặn đến 4‰, năng suất 6–7 tấn/ha, thích hợp vùng ven biển nhiễm mặn",
    ),
    (
        "Quy trình nuôi tôm thẻ chân trắng siêu thâm canh",
        Field.AQUACULTURE,
        "nuôi tôm trong ao lót bạt có mái che, tuần hoàn nước, giảm dịch bệnh và thay nước",
    ),
    (
        "Thức ăn cho tôm từ phụ phẩm cá tra",
        Field.AQUACULTURE,
        "thức ăn viên cho tôm sản xuất từ bột cá tra phụ phẩm, hàm lượng đạm 40%",
    ),
    (
        "Hệ thống xử lý nước nhiễm mặn cho sinh hoạt",
        Field.ENVIRONMENT,
        "lọc nước lợ thành nước sinh hoạt bằng màng thẩm thấu ngược, vận hành bằng điện mặt trời",
    ),
    (
        "Hầm biogas composite xử lý chất thải chăn nuôi",
        Field.ENVIRONMENT,
        "xử lý chất thải chuồng trại heo, thu khí sinh học để đun nấu và phát điện",
    ),
    (
        "Dây chuyền chế biến thạch dừa và nước dừa đóng lon",
        Field.PROCESSING,
        "chế biến nước dừa tươi tiệt trùng và thạch dừa, bảo quản 12 tháng",
    ),
    (
        "Công nghệ bảo quản xoài và bưởi bằng màng bao sinh học",
        Field.PROCESSING,
        "kéo dài thời gian bảo quản trái cây tươi đến 30 ngày bằng màng chitosan",
    ),
    (
        "Chế phẩm Trichoderma phân hủy rơm rạ",
        Field.BIOTECH,
        "phân hủy rơm rạ ngay trên ruộng thành phân hữu cơ, không đốt đồng",
    ),
    (
        "Máy gặt đập liên hợp cỡ nhỏ cho ruộng lầy",
        Field.MACHINERY,
        "thu hoạch lúa trên ruộng lún, bánh xích cao su, năng suất 0,3 ha/giờ",
    ),
    (
        "Hệ thống quan trắc độ mặn tự động qua điện thoại",
        Field.DIGITAL,
        "cảm biến đo độ mặn sông rạch, cảnh báo qua ứng dụng điện thoại cho nông dân",
    ),
    (
        "Quy trình sản xuất chả cá và surimi từ cá tra",
        Field.PROCESSING,
        "chế biến cá tra thành chả cá, surimi đông lạnh đạt chuẩn xuất khẩu",
    ),
    (
        "Mô hình nuôi cua biển kết hợp rừng ngập mặn",
        Field.AQUACULTURE,
        "nuôi cua biển dưới tán rừng đước, năng suất ổn định, giữ rừng phòng hộ",
    ),
    (
        "Vắc-xin phòng bệnh gan thận mủ cho cá tra",
        Field.LIVESTOCK,
        "vắc-xin tiêm phòng bệnh gan thận mủ, tỷ lệ bảo hộ trên 80%",
    ),
    (
        "Lò đốt trấu phát điện và cấp nhiệt",
        Field.ENERGY,
        "đốt trấu thải của nhà máy xay xát để phát điện và cấp nhiệt cho lò sấy",
    ),
    (
        "Phân bón hữu cơ vi sinh từ bã bùn mía",
        Field.BIOTECH,
        "ủ bã bùn mía với vi sinh vật có ích thành phân bón hữu cơ cho lúa và cây ăn trái",
    ),
)
VARIANTS = (
    "",
    " công suất nhỏ cho hộ gia đình",
    " quy mô hợp tác xã",
    " quy mô công nghiệp",
    " thế hệ mới",
    " cải tiến",
    " tiết kiệm năng lượng",
    " cho vùng ven biển",
    " điều khiển tự động",
)

# (need, field) of the businesses' requests.
NEEDS = (
    ("Cần máy sấy năng lượng mặt trời cho trái cây", Field.ENERGY),
    ("Tìm giống lúa chịu mặn cho vùng ven biển", Field.AGRICULTURE),
    ("Cần công nghệ xử lý nước thải ao nuôi tôm", Field.ENVIRONMENT),
    ("Tìm nguồn thức ăn tôm giá thấp từ phụ phẩm", Field.AQUACULTURE),
    ("Cần dây chuyền chế biến nước dừa đóng chai", Field.PROCESSING),
    ("Tìm giải pháp bảo quản bưởi xuất khẩu", Field.PROCESSING),
    ("Cần hệ thống lọc nước lợ cho khu dân cư", Field.ENVIRONMENT),
    ("Tìm công nghệ biogas cho trang trại heo", Field.ENVIRONMENT),
    ("Cần máy thu hoạch lúa cho ruộng lún", Field.MACHINERY),
    ("Tìm cảm biến cảnh báo xâm nhập mặn", Field.DIGITAL),
)
BUSINESSES = (
    "Công ty TNHH Trái cây {province}",
    "Hợp tác xã Nông nghiệp {province}",
    "Công ty Cổ phần Thủy sản {province}",
    "Doanh nghiệp tư nhân Xay xát {province}",
    "Công ty TNHH Nước sạch {province}",
)
