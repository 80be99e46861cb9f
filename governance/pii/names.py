# ruff: noqa: E501 - word lists and tables read best as long lines
"""Common given names and family names of several countries, and street words, for recognising
person names and street addresses in sampled values. Lower case."""

GIVEN = set(
    """
james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald
steven paul andrew joshua kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric
jonathan stephen larry justin scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith roger terry
gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert willie
alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis mary patricia jennifer linda
elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle
carol amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna brenda
pamela emma nicole helen samantha katherine christine debra rachel carolyn janet catherine maria heather diane ruth
julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah jacqueline
martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber doris
marilyn danielle beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori
jean pierre michel philippe alain nicolas christophe francois laurent eric frederic stephane sebastien olivier
julien thierry vincent patrick pascal david bruno antoine guillaume mathieu isabelle nathalie sylvie catherine
sophie valerie christine sandrine veronique celine stephanie aurelie camille chloe lea manon juliette ines
jose antonio manuel francisco juan javier carlos jesus alejandro miguel rafael pedro angel pablo fernando sergio
luis jorge alberto alvaro diego adrian raul enrique ramon vicente carmen josefa isabel dolores pilar teresa ana
rosa cristina lucia mercedes elena paula raquel silvia marta beatriz sofia valentina martina daniela gabriela
hans peter klaus wolfgang jurgen dieter thomas michael andreas stefan frank uwe bernd helmut karl heinz werner
gerhard horst manfred ursula monika petra sabine renate helga karin brigitte ingrid erika gisela andrea birgit
giuseppe giovanni francesco mario luigi angelo vincenzo pietro salvatore carlo franco domenico bruno paolo
giulia chiara francesca federica alessandra roberta giorgia lucia elisa valentina matteo lorenzo leonardo
jan piet kees henk johan willem wim gerrit dirk anne maria johanna cornelia sanne lotte fleur daan sem lucas
joao pedro tiago rafael gustavo lucas mateus felipe bruno vinicius ana beatriz larissa camila fernanda juliana
mohammed ahmed ali omar yusuf fatima aisha mariam priya rahul amit anil sunita pooja raj vijay arjun deepak
wei li ming hui jing yan chen lin hiroshi yuki kenji haruto sakura yui olga ivan dmitri sergei natasha anastasia
""".split()
)

FAMILY = set(
    """
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson
thomas taylor moore jackson martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young
allen king wright scott torres nguyen hill flores green adams nelson baker hall rivera campbell mitchell carter
roberts gomez phillips evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson watson brooks chavez
wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders patel myers long ross foster jimenez
dubois durand leroy moreau simon laurent lefebvre michel garcia david bertrand roux vincent fournier morel girard
andre mercier blanc guerin boyer garnier chevalier francois legrand gauthier rousseau fernandez gonzalez rodriguez
sanchez perez martin gomez ruiz hernandez jimenez diaz moreno alvarez munoz romero alonso gutierrez navarro torres
dominguez vazquez ramos gil serrano blanco molina castro ortega rubio marin sanz iglesias nunez medina garrido
muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann schafer koch bauer richter klein wolf
schroder neumann schwarz zimmermann braun kruger hofmann hartmann lange schmitt werner krause meier lehmann
rossi russo ferrari esposito bianchi romano colombo ricci marino greco bruno gallo conti deluca mancini costa
giordano rizzo lombardi moretti barbieri fontana santoro mariani rinaldi caruso ferrara galli martini leone
dejong jansen devries vandenberg bakker janssen visser smit meijer debruin mulder dekker vandijk bos vos peters
silva santos oliveira souza rodrigues ferreira alves pereira lima gomes costa ribeiro martins carvalho almeida
sharma singh kumar gupta shah mehta khan ali hussain ahmed wang li zhang liu chen yang huang zhao wu zhou sato
suzuki takahashi tanaka watanabe ito yamamoto nakamura kobayashi ivanov smirnov kuznetsov popov petrov
""".split()
)

STREET_WORDS = set(
    """
street st avenue ave road rd boulevard blvd lane ln drive dr way court ct place pl terrace circle cir parkway pkwy
highway hwy square sq trail trl row alley crescent close rue chemin allee impasse quai calle avenida paseo plaza
carrera camino via viale piazza corso vicolo strasse str weg gasse platz allee ring damm ufer straat laan plein gracht
rua travessa largo estrada
""".split()
)

COMPANY_SUFFIXES = {"inc", "llc", "ltd", "limited", "corp", "corporation", "co", "gmbh", "ag", "sa", "sarl", "sas",
                    "srl", "spa", "bv", "nv", "plc", "group", "holdings", "partners", "associates", "company",
                    "industries", "solutions", "services", "systems", "technologies", "foundation", "bank",
                    "university", "hospital", "clinic", "llp", "lp", "kg", "oy", "ab", "as"}  # fmt: skip
