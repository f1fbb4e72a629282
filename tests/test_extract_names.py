"""Names read by the extraction rules, on short sentences written for these tests (no article
text is copied here): each case is a rule of the grammar, with the entity it must find and
what it must not read there."""
from __future__ import annotations

import pytest

from kg.extract import extract
from kg.model import Article


def _entities(text: str) -> set[tuple[str, str]]:
    title, _, body = text.partition("\n")
    ex = extract(Article(id="t", title=title, text=body, source="test"))
    return {(e.type, e.name) for e in ex.entities}


@pytest.mark.parametrize("text, found, not_found", [
    # outlets a report cites: two after a slash, 'Vietnam+' is an outlet and not the country
    ("Mưa lớn ở miền Trung\nNhiều tuyến đường bị ngập sâu trong ngày hôm qua./.\n(TTXVN/Vietnam+)",
     {("Organization", "Thông tấn xã Việt Nam"), ("Organization", "Vietnam+")},
     {("Organization", "TTXVN/Vietnam"), ("Organization", "TTXVN"), ("Place", "Việt Nam")}),
    ("Giá dầu tăng\nGiá dầu thế giới tăng mạnh trong phiên giao dịch cuối tuần.\n(Vietnam+)",
     {("Organization", "Vietnam+")}, {("Place", "Việt Nam")}),
    ("Bầu cử ở Đức\nTheo AFP và Reuters, cử tri đi bỏ phiếu từ sáng sớm.",
     {("Organization", "AFP"), ("Organization", "Reuters"), ("Place", "Đức")}, set()),
    # a person after a title and the country the title belongs to
    ("Hội đàm cấp cao\nTổng thống Mỹ Donald Trump tiếp người đồng cấp tại Nhà Trắng.",
     {("Person", "Donald Trump"), ("Place", "Mỹ")}, set()),
    # a body named with its place, and its head's lowercase compound inside the name
    ("Kiểm tra dự án\nChủ tịch UBND tỉnh Cà Mau Nguyễn Tiến Hải chỉ đạo Sở Kế hoạch và Đầu tư rà soát hồ sơ.",
     {("Person", "Nguyễn Tiến Hải"), ("Organization", "Ủy ban nhân dân tỉnh Cà Mau"), ("Place", "Cà Mau"),
      ("Organization", "Sở Kế hoạch và Đầu tư")}, {("Person", "Cà Mau Nguyễn Tiến Hải")}),
    # a name after a street's word names the street (a place), not a person; a school's name
    # holds the person it is named after, as a nested name
    ("Khai giảng\nHọc sinh Trường THPT Lê Viết Thuật dự lễ khai giảng trên đường Nguyễn Du.",
     {("Organization", "Trường THPT Lê Viết Thuật"), ("Place", "Đường Nguyễn Du")}, {("Person", "Nguyễn Du")}),
    # a capitalized syllable and the lowercase one after it make one word of the name
    ("Khám sức khỏe\nCục Quân khí phối hợp với Viện Y học (Cục Quân y) tổ chức khám.",
     {("Organization", "Cục Quân khí"), ("Organization", "Viện Y học"), ("Organization", "Cục Quân y")},
     {("Organization", "Cục Quân"), ("Organization", "Viện Y")}),
    # ... but a verb between two bodies is not inside a name
    ("Kỷ luật\nBộ Chính trị đề nghị Ban Chấp hành Trung ương Đảng xem xét.",
     {("Organization", "Bộ Chính trị"), ("Organization", "Ban Chấp hành Trung ương Đảng")}, set()),
    # 'và' between two bodies parts them; inside one name it joins its words
    ("Phối hợp\nBộ Tài chính và Bộ Công an cùng Bộ Kế hoạch và Đầu tư họp.",
     {("Organization", "Bộ Tài chính"), ("Organization", "Bộ Công an"), ("Organization", "Bộ Kế hoạch và Đầu tư")},
     {("Organization", "Bộ Tài chính và Bộ Công an")}),
    # parties, also after lowercase 'đảng'; 'Xã hội' is a word, not a commune
    ("Bầu cử\nĐảng Dân chủ Xã hội Đức mất phiếu, ông Kim vào đảng Lao động năm 1960.",
     {("Organization", "Đảng Dân chủ Xã hội Đức"), ("Organization", "Đảng Lao động")}, {("Organization", "Đảng Dân chủ")}),
    ("Bầu cử\nÔng là Chủ tịch đảng PSD Liviu Dragnea.", {("Organization", "Đảng PSD"), ("Person", "Liviu Dragnea")},
     {("Organization", "Đảng PSD Liviu Dragnea")}),
    # a newspaper after lowercase 'báo'; not a verb ending in 'báo', not a country's press
    ("Phỏng vấn\nTrao đổi với phóng viên báo Lao Động, ông cho biết theo thông báo Tổng thống Mỹ và báo Đức.",
     {("Organization", "Báo Lao Động")}, {("Organization", "Báo Đức"), ("Organization", "Báo Tổng thống Mỹ")}),
    ("Văn hóa\nĐược sự hỗ trợ của Đại sứ quán Nga tại Việt Nam, tuần lễ ẩm thực khai mạc.",
     {("Organization", "Đại sứ quán Nga"), ("Place", "Việt Nam")}, set()),
    # names known without a head noun (known_orgs.yaml), and a brand's product is not the firm
    ("Thị trường\nTheo Bloomberg, Vinachem đã có lãi; Toyota cho biết lãi tăng.",
     {("Organization", "Bloomberg"), ("Organization", "Tập đoàn Hóa chất Việt Nam"), ("Organization", "Toyota")}, set()),
    ("Điều tra\nCảnh sát thu giữ một chiếc Toyota Camry và hãng đặt mua 40 chiếc Boeing 787-9.", set(),
     {("Organization", "Toyota"), ("Organization", "Boeing"), ("Person", "Toyota Camry")}),
    # foreign names with initials and particles; initials are neither an acronym nor a sentence end
    ("Thế giới\nTổng thống George W. Bush gặp Tổng thống Bashar al-Assad và ông Lula da Silva. Ông H.R. McMaster nói.",
     {("Person", "George W. Bush"), ("Person", "Bashar al-Assad"), ("Person", "Lula da Silva"), ("Person", "H.R. McMaster")},
     {("Person", "George W"), ("Organization", "H.R"), ("Organization", "McMaster")}),
    # a minister of another country heads that country's ministry
    ("Thế giới\nBộ trưởng Quốc phòng Nhật Bản Itsunori Onodera cho biết.",
     {("Organization", "Bộ Quốc phòng Nhật Bản"), ("Person", "Itsunori Onodera")}, {("Organization", "Bộ Quốc phòng")}),
    # 'Trung ương' alone: the Central Committee, except as the central level
    ("Ngân sách\nPhân cấp giữa Trung ương và địa phương, vốn từ ngân sách Trung ương.", set(),
     {("Organization", "Ban Chấp hành Trung ương Đảng")}),
    ("Kỷ luật\nBộ Chính trị đề nghị Trung ương kỷ luật ông Lê Văn Hải.",
     {("Organization", "Ban Chấp hành Trung ương Đảng")}, set()),
    # a board of a city's party committee; an event's organizers abroad have none
    ("Sự kiện\nBan Tuyên giáo Hà Nội họp; Ban tổ chức Iran công bố lịch thi đấu.",
     {("Organization", "Ban Tuyên giáo Thành ủy Hà Nội")}, {("Organization", "Tỉnh ủy Iran"), ("Organization", "Tỉnh ủy Hà Nội")}),
    # heads of academies, centres, cooperatives, customs, chambers; 'trung tâm' in lowercase is a noun
    ("Hội thảo\nHọc viện Nông nghiệp Việt Nam, Trung tâm Nghiên cứu Chiến lược và Quốc tế, "
     "HTX Nông nghiệp Phú Thọ, Hải quan Quảng Trị và Thượng viện Mỹ; tỷ giá trung tâm USD/VND tăng.",
     {("Organization", "Học viện Nông nghiệp Việt Nam"), ("Organization", "Thượng viện Mỹ"),
      ("Organization", "Trung tâm Nghiên cứu Chiến lược và Quốc tế"), ("Organization", "Hợp tác xã Nông nghiệp Phú Thọ"),
      ("Organization", "Hải quan Quảng Trị")}, {("Organization", "Trung tâm USD/VND")}),
    # a foreign person without a cue, but not a run of English words
    ("Kinh doanh\nTheo Net Worth, Barack Obama và Oprah Winfrey có tên trong danh sách của Getty Images.",
     {("Person", "Barack Obama"), ("Person", "Oprah Winfrey")}, {("Person", "Net Worth"), ("Person", "Getty Images")}),
    # bylines: a closing line of its own is a reporter's name, even with words that open sentences
    ("Thị trường\nGiá tăng mạnh trong tháng qua.\nThế Hải", {("Person", "Thế Hải")}, set()),
    ("Thị trường\nGiá tăng mạnh trong tháng qua.\nTheo Anh Khoa/doanhnhansaigon.vn", {("Person", "Anh Khoa")},
     {("Place", "Anh")}),
    ("Thị trường\nGiá tăng mạnh trong tháng qua.\nViệt Nam", set(), {("Person", "Việt Nam")}),
    # a photo credit: the agency (a known body, one node) and the photographer
    ("Hội nghị\nÔng Hoàng phát biểu. Ảnh: VGP/Phương Liên\nTheo AFP/TTXVN",
     {("Person", "Phương Liên"), ("Organization", "Báo Điện tử Chính phủ"), ("Organization", "Thông tấn xã Việt Nam"),
      ("Organization", "AFP")}, {("Organization", "VGP"), ("Organization", "TTXVN")}),
    # a body inside an organization named alone in a list of titles is inside the next title's body
    ("Kỷ luật\nÔng Nguyễn Duy Thăng, Ủy viên Ban cán sự đảng, Thứ trưởng Bộ Nội vụ, bị khiển trách.",
     {("Organization", "Ban cán sự đảng Bộ Nội vụ"), ("Organization", "Bộ Nội vụ")}, set()),
    # a body written in lowercase after a title that names its kind
    ("Bổ nhiệm\nÔng Tùng là Trưởng ban dân vận huyện ủy Đắk Mil, ông Hà là Vụ trưởng vụ công tác phía nam TANDTC.",
     {("Organization", "Ban Dân vận Huyện ủy Đắk Mil"), ("Organization", "Vụ công tác phía nam Tòa án nhân dân tối cao")},
     set()),
    ("Thế giới\nBà là lãnh đạo thứ ba sau George W. Bush. Cố vấn an ninh quốc gia Mỹ H.R. McMaster cho biết.",
     {("Person", "George W. Bush"), ("Person", "H.R. McMaster")}, set()),
    # stock indexes, platforms and standards are not organizations
    ("Chứng khoán\nVN-Index tăng 5 điểm, HNX-Index giảm; video đăng trên YouTube đạt chuẩn VietGAP. Ảnh: NVCC",
     set(), {("Organization", "VN-Index"), ("Organization", "HNX-Index"), ("Organization", "YouTube"),
             ("Organization", "VietGAP"), ("Organization", "NVCC")}),
    # a paper whose name is a common word is named only as written; 'BV' is a hospital
    ("Y tế\nBệnh nhân được chuyển đến BV Nhân dân 115. Theo báo Nhân Dân, Nhân dân cả nước vui mừng.",
     {("Organization", "Bệnh viện Nhân dân 115"), ("Organization", "Nhân Dân")},
     {("Organization", "Báo Nhân Dân")}),
    # a credited outlet or agency is no reporter
    ("Thái Lan\nCảnh sát thu giữ chiếc xe. Ảnh: Bangkok Post\nTàu chìm ngoài khơi. Ảnh: Getty Images\nMinh Hạnh",
     {("Organization", "Bangkok Post"), ("Person", "Minh Hạnh")},
     {("Person", "Bangkok Post"), ("Person", "Getty Images")}),
    # ministries by their abbreviations; a committee in lowercase before its name; schools and
    # border posts by their kind; 'Pháp luật' is a word, not France
    ("Giáo dục\nThứ trưởng Bộ GD-ĐT và Phó Chủ nhiệm ủy ban Pháp luật phát biểu tại THCS Đại Mỗ, Đồn BP Roòn.",
     {("Organization", "Bộ Giáo dục và Đào tạo"), ("Organization", "Ủy ban Pháp luật"), ("Organization", "THCS Đại Mỗ"),
      ("Organization", "Đồn Biên phòng Roòn")}, {("Organization", "Ủy ban Pháp"), ("Organization", "Bộ GD")}),
    ("Ngoại giao\nTrả lời phỏng vấn kênh truyền hình ABC, ông Tillerson nói; Bộ LĐ-TB&XH cho biết.",
     {("Organization", "ABC"), ("Organization", "Bộ Lao động - Thương binh và Xã hội")}, set()),
    # a verb between a known body and the next one is not inside a name
    ("Ngân hàng\nNgân hàng Nhà nước chỉ đạo Vietcombank, BIDV và Agribank giảm lãi suất.",
     {("Organization", "Ngân hàng Nhà nước Việt Nam"), ("Organization", "Vietcombank"), ("Organization", "BIDV"),
      ("Organization", "Agribank")}, set()),
    # a foreign firm or paper is known by its own name, the Vietnamese words before it describe it
    ("Kinh doanh\nTheo tạp chí Forbes, Tập đoàn bán lẻ Home Depot lãi lớn; Tập đoàn Trung Nam và Công ty AIC thua lỗ.",
     {("Organization", "Forbes"), ("Organization", "Home Depot"), ("Organization", "Tập đoàn Trung Nam"),
      ("Organization", "Công ty AIC")}, {("Organization", "Tạp chí Forbes"), ("Organization", "Tập đoàn bán lẻ Home Depot")}),
    # religions after a lowercase 'đạo'; '&' joins a name's parts; a Vietnamese word after an
    # acronym stays in the name; national bodies by abbreviation
    ("Xã hội\nNgười dân theo đạo Phật hoặc đạo Hồi; Ủy ban Văn hóa, Giáo dục, Thanh niên & Nhi đồng và "
     "Ủy ban ATGT Quốc gia họp với Tổng LĐLĐ VN.",
     {("Organization", "Phật giáo"), ("Organization", "Hồi giáo"), ("Organization", "Ủy ban ATGT Quốc gia"),
      ("Organization", "Ủy ban Văn hóa, Giáo dục, Thanh niên & Nhi đồng"),
      ("Organization", "Tổng Liên đoàn Lao động Việt Nam")}, set()),
    # a department's name may end on a lowercase word before a comma or a parenthesis, not before a verb
    ("Nông nghiệp\nCục Phát triển doanh nghiệp (Bộ KH&ĐT) và Cục Khám chữa bệnh, Bộ Y tế họp; Cục Bảo vệ thực vật "
     "kiểm tra; Bộ Công an điều tra. Công đoàn Giáo dục Việt Nam thăm hỏi. Cục Thú y cho biết, dịch đã hết.",
     {("Organization", "Cục Phát triển doanh nghiệp"), ("Organization", "Cục Khám chữa bệnh"),
      ("Organization", "Cục Bảo vệ"), ("Organization", "Bộ Công an"), ("Organization", "Công đoàn Giáo dục Việt Nam"),
      ("Organization", "Cục Thú y")},
     {("Organization", "Cục Bảo vệ thực vật kiểm tra"), ("Organization", "Bộ Công an điều tra"),
      ("Organization", "Giáo dục Việt Nam")}),
    # a title after a comma or 'và' is no part of the body's name
    ("Họp\nLãnh đạo Sở GTVT, Bí thư và Chủ tịch UBND quận Cẩm Lệ dự họp.",
     {("Organization", "Sở GTVT"), ("Organization", "Ủy ban nhân dân quận Cẩm Lệ")}, set()),
    # foreign bodies by the word that ends (or, in Arabic, opens) their names
    ("Thế giới\nNhóm Ahrar al-Sham và Jaish al-Izza tấn công. Theo Oxford Economics, Ynet News đưa tin; USD Index tăng.",
     {("Organization", "Ahrar al-Sham"), ("Organization", "Jaish al-Izza"), ("Organization", "Oxford Economics"),
      ("Organization", "Ynet News")},
     {("Person", "Jaish al-Izza"), ("Organization", "Theo Oxford Economics"), ("Organization", "USD Index")}),
    ("Công nghệ\nHôm 21/9, ông chủ Facebook Mark Zuckerberg thông báo.", {("Person", "Mark Zuckerberg")},
     {("Person", "Facebook Mark Zuckerberg")}),
    # 'Tổ chức' is also a verb: opening a sentence it names a body only before the name's acronym
    ("Hội thảo\nĐại diện Tổ chức Nông nghiệp Thế giới phát biểu tại hội thảo.",
     {("Organization", "Tổ chức Nông nghiệp Thế giới")}, set()),
    ("Kế hoạch\nTổ chức Hội nghị Thường niên vào tháng tới.", set(),
     {("Organization", "Tổ chức Hội nghị Thường niên")}),
    ("Kỷ niệm\nCác đơn vị phải Tổ chức Lễ kỷ niệm trang trọng; hồ sơ gửi Cơ quan Nhà nước xem xét.", set(),
     {("Organization", "Tổ chức Lễ"), ("Organization", "Cơ quan Nhà nước")}),
    ("Khuyến cáo\nTổ chức Hàng hải Quốc tế (IMO) vừa ra khuyến cáo mới.",
     {("Organization", "Tổ chức Hàng hải Quốc tế")}, set()),
    # two fields of one name joined by a dash or a hyphen
    ("Bổ nhiệm\nÔng Nam làm Giám đốc Sở Văn hóa – Thể thao tỉnh Nghệ An từ tháng này.",
     {("Organization", "Sở Văn hóa – Thể thao tỉnh Nghệ An")}, set()),
    ("Vận tải\nSở Giao thông-Vận tải tỉnh Bình Định cấp phép.",
     {("Organization", "Sở Giao thông-Vận tải tỉnh Bình Định")}, set()),
    # a region written in lowercase inside a name; a school named by its commune alone
    ("Nợ xấu\nCông ty CP Xi măng miền Bắc báo lỗ trong quý ba.",
     {("Organization", "Công ty CP Xi măng miền Bắc")}, set()),
    ("Khai giảng\nTrường Mầm non xã Tân Lập đón học sinh mới.",
     {("Organization", "Trường Mầm non xã Tân Lập")}, set()),
    # a department's lowercase words up to the place it serves; a faculty, a comma, its school
    ("Dịch bệnh\nTheo Chi cục Chăn nuôi thú y tỉnh Long An, dịch đã được khống chế.",
     {("Organization", "Chi cục Chăn nuôi thú y tỉnh Long An")}, set()),
    ("Hội nghị\nÔng Bình, Khoa Hóa, Trường Đại học Cần Thơ cho biết kết quả.",
     {("Organization", "Khoa Hóa Trường Đại học Cần Thơ"), ("Organization", "Trường Đại học Cần Thơ")}, set()),
    ("Tuyển sinh\nTrường Đại học Bách Khoa Đà Nẵng công bố điểm chuẩn.",
     {("Organization", "Trường Đại học Bách Khoa Đà Nẵng")}, set()),
    # a known body's outlet by its own name
    ("Tranh cãi\nLuật sư dọa kiện, theo NBC News.", {("Organization", "NBC News")}, {("Organization", "NBC")}),
    # an association named by its members
    ("Kiến nghị\nHiệp hội các nhà sản xuất thép Việt Nam đề nghị tăng thuế.",
     {("Organization", "Hiệp hội các nhà sản xuất thép Việt Nam")}, set()),
    # common noun phrases: a country's police, an event's organizers, firms of a country
    ("Bắt giữ\nCảnh sát Indonesia bắt giữ ba nghi phạm.", {("Place", "Indonesia")},
     {("Organization", "Cảnh sát Indonesia")}),
    ("Thi đấu\nBan tổ chức Hàn Quốc công bố kết quả chung cuộc.", {("Place", "Hàn Quốc")},
     {("Organization", "Ban Tổ chức Hàn Quốc"), ("Organization", "Ban tổ chức Hàn Quốc")}),
    ("Đầu tư\nNhiều công ty Nhật Bản mở rộng sản xuất.", {("Place", "Nhật Bản")},
     {("Organization", "Công ty Nhật Bản")}),
    # a number before a proper-named body counts nothing
    ("Dự án\nGiai đoạn 2 Nhà máy xi măng Bỉm Sơn đã hoàn thành.", {("Organization", "Nhà máy xi măng Bỉm Sơn")}, set()),
    # named schools listed after 'các' are no kind of body
    ("Khen thưởng\nHuyện khen thưởng các trường THCS Lê Lợi, THCS Quang Trung vì thành tích tốt.",
     {("Organization", "Trường THCS Lê Lợi"), ("Organization", "THCS Quang Trung")}, set()),
    # the investigation agency: 'CSĐT' repeats the 'Cơ quan' before it; alone it names no body,
    # and the ministry after it is the body it belongs to, not part of its name
    ("Khởi tố vụ án\nViệc Cơ quan CSĐT khởi tố vụ án là đúng quy định.",
     set(), {("Organization", "Cơ quan CSĐT")}),
    ("Bắt tạm giam\nCơ quan CSĐT Bộ Công an vừa bắt tạm giam một giám đốc.",
     {("Organization", "Cơ quan Cảnh sát điều tra Bộ Công an"), ("Organization", "Bộ Công an")},
     {("Organization", "Cơ quan Cảnh sát điều tra Bộ"), ("Organization", "Cơ quan CSĐT Bộ Công an")}),
    ("Khởi tố bị can\nBị can bị Cơ quan CSĐT Công an tỉnh Thanh Hóa bắt giữ.",
     {("Organization", "Cơ quan Cảnh sát điều tra Công an tỉnh Thanh Hóa")},
     {("Organization", "Cơ quan CSĐT Công an tỉnh Thanh Hóa")}),
])
def test_names(text: str, found: set, not_found: set) -> None:
    got = _entities(text)
    assert found <= got, f"missing {found - got}; got {sorted(got)}"
    assert not (not_found & got), f"should not read {not_found & got}"


def _posts(text: str) -> set[tuple[str, str, str | None]]:
    title, _, body = text.partition("\n")
    ex = extract(Article(id="t", title=title, text=body, source="test"))
    names = {e.id: e.name for e in ex.entities}
    return {(names[p.person], p.role, names.get(p.org)) for p in ex.posts}


def test_titles_after_a_word_for_a_post_belong_to_the_pronouns_person() -> None:
    posts = _posts("Kỷ luật\nÔng Lê Văn Tám bị cách chức. Sự nghiệp của ông qua nhiều vị trí như Phó chủ tịch, "
                   "Chủ tịch UBND tỉnh Cà Mau. Với cương vị là Phó bí thư Tỉnh ủy Cà Mau giai đoạn 2001-2006, "
                   "ông chịu trách nhiệm chính.")
    assert {("Lê Văn Tám", "Phó Chủ tịch", "Ủy ban nhân dân tỉnh Cà Mau"),
            ("Lê Văn Tám", "Chủ tịch", "Ủy ban nhân dân tỉnh Cà Mau"),
            ("Lê Văn Tám", "Phó Bí thư", "Tỉnh ủy Cà Mau")} <= posts, posts


def test_a_post_given_to_someone_else_is_not_the_pronouns() -> None:
    # 'chức danh' here names a post created for another person
    posts = _posts("Kỷ luật\nÔng Lê Văn Tám ký công văn cho Trần Văn Năm. Ông cũng đề nghị tăng thêm chức danh "
                   "Phó Chủ tịch UBND tỉnh Cà Mau.")
    assert not {p for p in posts if p[1] == "Phó Chủ tịch"}, posts


def test_titles_after_age_and_home_town_and_terms() -> None:
    posts = _posts("Tiểu sử\nÔng Lê Văn Tám, 74 tuổi, quê tỉnh Tiền Giang; Ủy viên Bộ Chính trị khóa 10 và 11; "
                   "Ủy viên Trung ương Đảng ba khóa 9-11.")
    assert {("Lê Văn Tám", "Ủy viên", "Bộ Chính trị"),
            ("Lê Văn Tám", "Ủy viên", "Ban Chấp hành Trung ương Đảng")} <= posts, posts


def test_standing_agency_is_no_standing_board() -> None:
    # 'cơ quan Thường trực' names a body's standing agency, not a standing board inside it
    got = _entities("Chống tham nhũng\nBan Nội chính Tỉnh ủy Sơn La – Cơ quan Thường trực Ban Chỉ đạo phòng, "
                    "chống tham nhũng của tỉnh họp.")
    assert ("Organization", "Ban Nội chính Tỉnh ủy Sơn La") in got, got
    assert not [n for t, n in got if n.startswith("Thường trực")], got
