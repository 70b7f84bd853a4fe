#include "services/demo/demo_static.hpp"

namespace barometer::demo {

Site demo_site(const std::string& base_url) {
  Site s;
  s.name = {{"en", "Belarus Barometer"}, {"be", "Беларускі барометр"}, {"ru", "Белорусский барометр"}};
  // The theme's catalogue says "Situation in {subject}" / "Сітуацыя ў {subject}" /
  // "Ситуация в {subject}", so be and ru need the locative (месны склон / предложный падеж).
  s.subject = {{"en", "Belarus"}, {"be", "Беларусі"}, {"ru", "Беларуси"}};
  s.base_url = base_url;
  s.languages = {{"en", "English", "en"}, {"be", "Беларуская", "be_BY"}, {"ru", "Русский", "ru_RU"}};
  s.time_zone = "Europe/Minsk";
  return s;
}

std::vector<Topic> demo_topics() {
  std::vector<Topic> t(5);
  t[0].slug = "ruling-elite";
  t[0].text = {
      {"en", {"The ruling elite", "Who holds power in Minsk, how the nomenklatura is reshuffled and how loyal the state apparatus remains."}},
      {"be", {"Кіроўная эліта", "Хто трымае ўладу ў Мінску, як перастаўляецца наменклатура і наколькі лаяльным застаецца дзяржаўны апарат."}},
      {"ru", {"Правящая элита", "Кто держит власть в Минске, как перетасовывается номенклатура и насколько лояльным остаётся госаппарат."}}};
  t[1].slug = "society";
  t[1].text = {
      {"en", {"Society and political parties", "How civil society, political parties and public opinion live under pressure, and how the state treats them."}},
      {"be", {"Грамадства і палітычныя партыі", "Як жывуць пад ціскам грамадзянская супольнасць, палітычныя партыі і грамадская думка і як з імі абыходзіцца дзяржава."}},
      {"ru", {"Общество и политические партии", "Как живут под давлением гражданское общество, политические партии и общественное мнение и как с ними обращается государство."}}};
  t[2].slug = "security";
  t[2].text = {
      {"en", {"Security issues", "The army, the border, military cooperation and the threats the authorities see or invent."}},
      {"be", {"Пытанні бяспекі", "Армія, мяжа, вайсковае супрацоўніцтва і пагрозы, якія ўлады бачаць або прыдумляюць."}},
      {"ru", {"Вопросы безопасности", "Армия, граница, военное сотрудничество и угрозы, которые власти видят или придумывают."}}};
  t[3].slug = "west";
  t[3].text = {
      {"en", {"Belarus–West relations", "Sanctions, diplomatic contacts and the border: relations between Minsk and the EU, its neighbours and the United States."}},
      {"be", {"Адносіны Беларусі і Захаду", "Санкцыі, дыпламатычныя кантакты і мяжа: адносіны Мінска з ЕС, суседзямі і ЗША."}},
      {"ru", {"Отношения Беларуси и Запада", "Санкции, дипломатические контакты и граница: отношения Минска с ЕС, соседями и США."}}};
  t[4].slug = "russia";
  t[4].text = {
      {"en", {"Belarus–Russia relations", "Integration within the Union State, energy and loans, and the price Minsk pays for Moscow's support."}},
      {"be", {"Адносіны Беларусі і Расіі", "Інтэграцыя ў Саюзнай дзяржаве, энерганосьбіты і крэдыты і цана, якую Мінск плаціць за падтрымку Масквы."}},
      {"ru", {"Отношения Беларуси и России", "Интеграция в Союзном государстве, энергоносители и кредиты и цена, которую Минск платит за поддержку Москвы."}}};
  for (std::size_t i = 0; i < t.size(); ++i) t[i].position = int(i) + 1;
  return t;
}

std::vector<DemoAuthor> demo_authors() {
  // Invented people: any likeness to real analysts is unintended.
  auto make = [](std::string slug, AuthorText en, AuthorText be, AuthorText ru) {
    Author a;
    a.slug = std::move(slug);
    a.text = {{"en", std::move(en)}, {"be", std::move(be)}, {"ru", std::move(ru)}};
    return a;
  };
  return {
      {make("alena-shyrokava",
            {"Alena Shyrokava", "Political analyst. Writes about the Belarusian nomenklatura, the power vertical and state institutions."},
            {"Алена Шырокава", "Палітычны аналітык. Піша пра беларускую наменклатуру, вертыкаль улады і дзяржаўныя інстытуты."},
            {"Алёна Широкова", "Политический аналитик. Пишет о белорусской номенклатуре, вертикали власти и государственных институтах."}),
       {0, 1}},
      {make("hanna-sakalouskaya",
            {"Hanna Sakalouskaya", "Sociologist. Studies public opinion, civil society and political parties."},
            {"Ганна Сакалоўская", "Сацыёлаг. Даследуе грамадскую думку, грамадзянскую супольнасць і палітычныя партыі."},
            {"Анна Соколовская", "Социолог. Исследует общественное мнение, гражданское общество и политические партии."}),
       {1}},
      {make("siarhei-lutsevich",
            {"Siarhei Lutsevich", "Military analyst and former officer. Covers defence policy, the army and regional security."},
            {"Сяргей Луцэвіч", "Вайсковы аналітык, былы афіцэр. Піша пра абаронную палітыку, армію і рэгіянальную бяспеку."},
            {"Сергей Луцевич", "Военный аналитик, бывший офицер. Пишет об оборонной политике, армии и региональной безопасности."}),
       {2}},
      {make("maryna-zhukouskaya",
            {"Maryna Zhukouskaya", "Expert in international relations. Follows Belarus's relations with the European Union and its neighbours."},
            {"Марына Жукоўская", "Эксперт па міжнародных адносінах. Сочыць за адносінамі Беларусі з Еўрасаюзам і суседзямі."},
            {"Марина Жуковская", "Эксперт по международным отношениям. Следит за отношениями Беларуси с Евросоюзом и соседями."}),
       {3}},
      {make("pavel-radzevich",
            {"Pavel Radzevich", "Economist. Specialises in Belarusian–Russian integration, energy and debt."},
            {"Павел Радзевіч", "Эканаміст. Спецыялізуецца на беларуска-расійскай інтэграцыі, энергетыцы і даўгах."},
            {"Павел Радзевич", "Экономист. Специализируется на белорусско-российской интеграции, энергетике и долгах."}),
       {4, 2}},
  };
}

}  // namespace barometer::demo
