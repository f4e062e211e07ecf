import type { SeedBook } from "../domain/seed-catalog.js";
import { shelf } from "./seed-rows.js";

// Real editions; prices are what an imported copy costs in China, in CNY cents. Checked by books-data.test.ts.

const computing = shelf("en", "computing", [
  ["9780132350884", "Clean Code: A Handbook of Agile Software Craftsmanship", ["Robert C. Martin"], "Prentice Hall", "2008-08-01", 36000, 120, "Names, functions, comments and tests: how to write code that others can read and change."],
  ["9780135957059", "The Pragmatic Programmer (20th Anniversary Edition)", ["David Thomas", "Andrew Hunt"], "Addison-Wesley", "2019-09-13", 39800, 100, "Practical advice on craft, careers and tools, revised for a new generation of programmers."],
  ["9781449373320", "Designing Data-Intensive Applications", ["Martin Kleppmann"], "O'Reilly Media", "2017-03-16", 42800, 150, "Replication, partitioning, transactions and streams: the ideas behind reliable, scalable data systems."],
  ["9780262510875", "Structure and Interpretation of Computer Programs (2nd Edition)", ["Harold Abelson", "Gerald Jay Sussman", "Julie Sussman"], "MIT Press", "1996-07-25", 45000, 60, "The wizard book: abstraction, recursion, interpreters and the essence of programming in Scheme."],
  ["9780262033848", "Introduction to Algorithms (3rd Edition)", ["Thomas H. Cormen", "Charles E. Leiserson", "Ronald L. Rivest", "Clifford Stein"], "MIT Press", "2009-07-31", 68000, 70, "The standard reference on algorithms and data structures, rigorous and complete."],
  ["9780262046305", "Introduction to Algorithms (4th Edition)", ["Thomas H. Cormen", "Charles E. Leiserson", "Ronald L. Rivest", "Clifford Stein"], "MIT Press", "2022-04-05", 89000, 80, "The fourth edition of CLRS, with new chapters on matchings, online algorithms and machine learning."],
  ["9780201633610", "Design Patterns: Elements of Reusable Object-Oriented Software", ["Erich Gamma", "Richard Helm", "Ralph Johnson", "John Vlissides"], "Addison-Wesley", "1994-10-31", 42000, 90, "The Gang of Four catalogue of 23 object-oriented design patterns."],
  ["9780134757599", "Refactoring: Improving the Design of Existing Code (2nd Edition)", ["Martin Fowler"], "Addison-Wesley", "2018-11-20", 41000, 75, "A catalogue of behaviour-preserving changes, now with JavaScript examples."],
  ["9780735619678", "Code Complete (2nd Edition)", ["Steve McConnell"], "Microsoft Press", "2004-06-09", 39000, 65, "A practical handbook of software construction, from design to debugging."],
  ["9780201835953", "The Mythical Man-Month: Essays on Software Engineering (Anniversary Edition)", ["Frederick P. Brooks Jr."], "Addison-Wesley", "1995-08-02", 29000, 55, "Why adding people to a late project makes it later, and why there is no silver bullet."],
  ["9780134092669", "Computer Systems: A Programmer's Perspective (3rd Edition)", ["Randal E. Bryant", "David R. O'Hallaron"], "Pearson", "2015-03-02", 98000, 50, "How programs run on real machines: data, machine code, memory, linking, processes and networking."],
  ["9780131103627", "The C Programming Language (2nd Edition)", ["Brian W. Kernighan", "Dennis M. Ritchie"], "Prentice Hall", "1988-03-22", 32000, 110, "K&R: the concise, definitive guide to C by its creators."],
  ["9780201896831", "The Art of Computer Programming, Volume 1: Fundamental Algorithms (3rd Edition)", ["Donald E. Knuth"], "Addison-Wesley", "1997-07-17", 72000, 30, "Knuth's monumental treatment of basic concepts, information structures and MIX."],
  ["9780134685991", "Effective Java (3rd Edition)", ["Joshua Bloch"], "Addison-Wesley", "2017-12-27", 36000, 85, "Ninety items of best practice for the Java platform, updated for Java 9."],
  ["9780321349606", "Java Concurrency in Practice", ["Brian Goetz", "Tim Peierls", "Joshua Bloch", "Joseph Bowbeer", "David Holmes", "Doug Lea"], "Addison-Wesley", "2006-05-09", 39000, 45, "Thread safety, liveness and performance for concurrent Java programs."],
  ["9780596007126", "Head First Design Patterns", ["Eric Freeman", "Elisabeth Robson", "Bert Bates", "Kathy Sierra"], "O'Reilly Media", "2004-10-25", 33000, 70, "A visual, brain-friendly introduction to the classic design patterns."],
  ["9780596517748", "JavaScript: The Good Parts", ["Douglas Crockford"], "O'Reilly Media", "2008-05-01", 19000, 90, "The elegant subset of JavaScript worth using, and the parts to avoid."],
  ["9781593279509", "Eloquent JavaScript (3rd Edition)", ["Marijn Haverbeke"], "No Starch Press", "2018-12-04", 24000, 80, "A modern introduction to programming with JavaScript, with projects."],
  ["9780131177055", "Working Effectively with Legacy Code", ["Michael Feathers"], "Prentice Hall", "2004-09-22", 42000, 40, "Techniques for getting untested code under test and changing it safely."],
  ["9780321125217", "Domain-Driven Design: Tackling Complexity in the Heart of Software", ["Eric Evans"], "Addison-Wesley", "2003-08-30", 52000, 55, "Ubiquitous language, bounded contexts and aggregates: modelling complex domains."],
  ["9780321127426", "Patterns of Enterprise Application Architecture", ["Martin Fowler"], "Addison-Wesley", "2002-11-15", 48000, 35, "Patterns for layering, persistence, concurrency and distribution in enterprise software."],
  ["9780321146533", "Test Driven Development: By Example", ["Kent Beck"], "Addison-Wesley", "2002-11-08", 32000, 60, "Red, green, refactor: learning TDD through two worked examples."],
  ["9780321601919", "Continuous Delivery", ["Jez Humble", "David Farley"], "Addison-Wesley", "2010-07-27", 45000, 40, "Reliable software releases through build, test and deployment automation."],
  ["9781491929124", "Site Reliability Engineering: How Google Runs Production Systems", ["Betsy Beyer", "Chris Jones", "Jennifer Petoff", "Niall Richard Murphy"], "O'Reilly Media", "2016-04-16", 39000, 65, "Error budgets, toil, monitoring and incident response from Google's SRE teams."],
  ["9781942788331", "Accelerate: The Science of Lean Software and DevOps", ["Nicole Forsgren", "Jez Humble", "Gene Kim"], "IT Revolution Press", "2018-03-27", 22000, 75, "The research behind the four key metrics of software delivery performance."],
  ["9780984782857", "Cracking the Coding Interview (6th Edition)", ["Gayle Laakmann McDowell"], "CareerCup", "2015-07-01", 35000, 130, "189 programming questions and solutions for technical interviews."],
  ["9780201657883", "Programming Pearls (2nd Edition)", ["Jon Bentley"], "Addison-Wesley", "1999-09-27", 28000, 50, "Columns on problem definition, algorithm design and performance."],
  ["9780321486813", "Compilers: Principles, Techniques, and Tools (2nd Edition)", ["Alfred V. Aho", "Monica S. Lam", "Ravi Sethi", "Jeffrey D. Ullman"], "Pearson", "2006-08-31", 78000, 35, "The Dragon Book: lexing, parsing, type checking, code generation and optimization."],
  ["9781118063330", "Operating System Concepts (9th Edition)", ["Abraham Silberschatz", "Peter B. Galvin", "Greg Gagne"], "Wiley", "2012-12-17", 75000, 45, "Processes, memory, storage and protection: the dinosaur book."],
  ["9780133594140", "Computer Networking: A Top-Down Approach (7th Edition)", ["James F. Kurose", "Keith W. Ross"], "Pearson", "2016-04-13", 79000, 40, "The Internet's protocols explained from the application layer down."],
  ["9780134610993", "Artificial Intelligence: A Modern Approach (4th Edition)", ["Stuart Russell", "Peter Norvig"], "Pearson", "2020-04-28", 98000, 35, "The leading textbook on AI: search, logic, probability, learning and beyond."],
  ["9780262035613", "Deep Learning", ["Ian Goodfellow", "Yoshua Bengio", "Aaron Courville"], "MIT Press", "2016-11-18", 62000, 55, "The mathematical and conceptual background of deep neural networks."],
  ["9780387310732", "Pattern Recognition and Machine Learning", ["Christopher M. Bishop"], "Springer", "2006-08-17", 68000, 30, "A Bayesian treatment of machine learning and pattern recognition."],
  ["9780387848570", "The Elements of Statistical Learning (2nd Edition)", ["Trevor Hastie", "Robert Tibshirani", "Jerome Friedman"], "Springer", "2009-02-09", 72000, 30, "Data mining, inference and prediction from a statistical perspective."],
  ["9781492032649", "Hands-On Machine Learning with Scikit-Learn, Keras, and TensorFlow (2nd Edition)", ["Aurélien Géron"], "O'Reilly Media", "2019-10-15", 52000, 70, "Practical machine learning and deep learning with Python libraries."],
  ["9781593279288", "Python Crash Course (2nd Edition)", ["Eric Matthes"], "No Starch Press", "2019-05-03", 26000, 120, "A hands-on, project-based introduction to programming in Python."],
  ["9781491946008", "Fluent Python", ["Luciano Ramalho"], "O'Reilly Media", "2015-08-20", 45000, 60, "Idiomatic Python 3: data model, iterators, concurrency and metaprogramming."],
  ["9781593279929", "Automate the Boring Stuff with Python (2nd Edition)", ["Al Sweigart"], "No Starch Press", "2019-11-12", 25000, 90, "Practical programming for total beginners: files, spreadsheets, web and email."],
  ["9780134190440", "The Go Programming Language", ["Alan A. A. Donovan", "Brian W. Kernighan"], "Addison-Wesley", "2015-10-26", 36000, 75, "The authoritative guide to Go, from basics to concurrency and reflection."],
  ["9781718500440", "The Rust Programming Language", ["Steve Klabnik", "Carol Nichols"], "No Starch Press", "2019-08-12", 28000, 80, "The official book on Rust: ownership, borrowing, traits and fearless concurrency."],
  ["9781449355739", "Learning Python (5th Edition)", ["Mark Lutz"], "O'Reilly Media", "2013-07-06", 52000, 40, "A comprehensive, in-depth introduction to the core Python language."],
  ["9780134494166", "Clean Architecture: A Craftsman's Guide to Software Structure and Design", ["Robert C. Martin"], "Prentice Hall", "2017-09-10", 30000, 85, "Dependency rules, boundaries and policies for long-lived systems."],
  ["9781680502398", "Release It! (2nd Edition)", ["Michael T. Nygard"], "Pragmatic Bookshelf", "2018-01-26", 32000, 45, "Stability patterns such as circuit breakers and bulkheads for production software."],
  ["9781491950357", "Building Microservices", ["Sam Newman"], "O'Reilly Media", "2015-02-20", 33000, 55, "Designing fine-grained systems: modelling, integration, deployment and testing."],
  ["9781617292231", "Grokking Algorithms", ["Aditya Y. Bhargava"], "Manning", "2016-05-24", 28000, 100, "An illustrated guide to algorithms for programmers and other curious people."],
]);

const literature = shelf("en", "literature", [
  ["9780451524935", "1984", ["George Orwell"], "Signet Classics", "1961-01-01", 7500, 150, "Big Brother is watching: Winston Smith's rebellion in a totalitarian state."],
  ["9780061120084", "To Kill a Mockingbird", ["Harper Lee"], "Harper Perennial Modern Classics", "2006-05-23", 8900, 120, "Scout Finch and her father Atticus confront racial injustice in Alabama."],
  ["9780743273565", "The Great Gatsby", ["F. Scott Fitzgerald"], "Scribner", "2004-09-30", 8500, 110, "Jay Gatsby's doomed pursuit of Daisy Buchanan in the Jazz Age."],
  ["9780141439518", "Pride and Prejudice", ["Jane Austen"], "Penguin Classics", "2002-12-31", 6800, 100, "Elizabeth Bennet and Mr Darcy, and the comedy of first impressions."],
  ["9780451526342", "Animal Farm", ["George Orwell"], "Signet Classics", "1996-04-01", 6500, 90, "A fable of revolution betrayed, told on an English farm."],
  ["9780141441146", "Jane Eyre", ["Charlotte Brontë"], "Penguin Classics", "2006-12-05", 6800, 70, "An orphaned governess, Mr Rochester and the secret of Thornfield Hall."],
  ["9780141439556", "Wuthering Heights", ["Emily Brontë"], "Penguin Classics", "2002-12-31", 6500, 60, "The wild, destructive love of Catherine and Heathcliff on the Yorkshire moors."],
  ["9780142437247", "Moby-Dick", ["Herman Melville"], "Penguin Classics", "2002-12-31", 9800, 45, "Captain Ahab's obsessive hunt for the white whale."],
  ["9780316769488", "The Catcher in the Rye", ["J. D. Salinger"], "Little, Brown and Company", "1991-05-01", 7800, 85, "Holden Caulfield's three days in New York after leaving prep school."],
  ["9780060850524", "Brave New World", ["Aldous Huxley"], "Harper Perennial Modern Classics", "2006-10-17", 8200, 80, "A future of engineered happiness, and the savage who refuses it."],
  ["9781451673319", "Fahrenheit 451", ["Ray Bradbury"], "Simon & Schuster", "2012-01-10", 7900, 75, "A fireman whose job is burning books begins to read them."],
  ["9780307387899", "The Road", ["Cormac McCarthy"], "Vintage", "2007-03-20", 8800, 55, "A father and son walk south through a burned, dying America."],
  ["9780060883287", "One Hundred Years of Solitude", ["Gabriel García Márquez"], "Harper Perennial Modern Classics", "2006-02-21", 9900, 65, "Seven generations of the Buendía family in the town of Macondo."],
  ["9780684801223", "The Old Man and the Sea", ["Ernest Hemingway"], "Scribner", "1995-05-05", 6900, 90, "Santiago's epic struggle with a great marlin far out in the Gulf Stream."],
  ["9780140177398", "Of Mice and Men", ["John Steinbeck"], "Penguin Books", "1993-09-01", 6200, 70, "George and Lennie's dream of a place of their own during the Depression."],
  ["9780385333849", "Slaughterhouse-Five", ["Kurt Vonnegut"], "Dial Press", "1999-01-12", 8500, 50, "Billy Pilgrim, unstuck in time, survives the firebombing of Dresden."],
  ["9781451626650", "Catch-22", ["Joseph Heller"], "Simon & Schuster", "2011-04-05", 9500, 45, "Yossarian's absurd war, and the catch that keeps him flying."],
  ["9781594631931", "The Kite Runner", ["Khaled Hosseini"], "Riverhead Books", "2013-04-02", 8800, 95, "Friendship, betrayal and redemption between two boys in Kabul."],
  ["9780156027328", "Life of Pi", ["Yann Martel"], "Mariner Books", "2003-05-01", 8600, 70, "A boy, a Bengal tiger and 227 days adrift in a lifeboat."],
  ["9780062315007", "The Alchemist", ["Paulo Coelho"], "HarperOne", "2014-04-15", 8200, 100, "A shepherd boy follows his dream to the pyramids of Egypt."],
  ["9780547928227", "The Hobbit", ["J. R. R. Tolkien"], "Houghton Mifflin Harcourt", "2012-09-18", 8900, 85, "Bilbo Baggins is swept into a quest to reclaim a treasure guarded by a dragon."],
  ["9780544003415", "The Lord of the Rings", ["J. R. R. Tolkien"], "Houghton Mifflin Harcourt", "2012-06-05", 22000, 40, "The one-volume edition of Frodo's journey to destroy the One Ring."],
  ["9781400033416", "Beloved", ["Toni Morrison"], "Vintage", "2004-06-08", 9200, 5, "A formerly enslaved woman is haunted by the daughter she lost."],
]);

const scifi = shelf("en", "scifi", [
  ["9780765382030", "The Three-Body Problem", ["Cixin Liu"], "Tor Books", "2016-01-12", 11800, 140, "Ken Liu's Hugo-winning translation of 三体: first contact begins in the Cultural Revolution."],
  ["9780765377081", "The Dark Forest", ["Cixin Liu"], "Tor Books", "2015-08-11", 16800, 90, "The Wallfacer Project and the dark forest theory of the universe."],
  ["9780765377104", "Death's End", ["Cixin Liu"], "Tor Books", "2016-09-20", 17800, 80, "Cheng Xin's journey to the end of time in the Remembrance of Earth's Past trilogy."],
  ["9780441172719", "Dune", ["Frank Herbert"], "Ace", "1990-09-01", 9900, 110, "Paul Atreides, the desert planet Arrakis and the spice that rules the galaxy."],
  ["9780553293357", "Foundation", ["Isaac Asimov"], "Bantam Spectra", "1991-10-01", 7800, 75, "Hari Seldon's psychohistory and the plan to shorten a galactic dark age."],
  ["9780441569595", "Neuromancer", ["William Gibson"], "Ace", "1984-07-01", 7900, 60, "The novel that defined cyberpunk: a washed-up hacker's last job."],
  ["9780812550702", "Ender's Game", ["Orson Scott Card"], "Tor Books", "1994-07-15", 7200, 80, "A child genius is trained in Battle School to fight an alien war."],
  ["9780345391803", "The Hitchhiker's Guide to the Galaxy", ["Douglas Adams"], "Del Rey", "1995-09-27", 7500, 95, "Arthur Dent escapes the demolition of Earth. Don't panic."],
  ["9780553380958", "Snow Crash", ["Neal Stephenson"], "Bantam", "2000-05-02", 8900, 50, "Hiro Protagonist, the Metaverse and a virus that infects both code and minds."],
  ["9780441478125", "The Left Hand of Darkness", ["Ursula K. Le Guin"], "Ace", "1987-03-15", 7800, 45, "An envoy on the winter planet Gethen, whose people have no fixed sex."],
  ["9780345404473", "Do Androids Dream of Electric Sheep?", ["Philip K. Dick"], "Del Rey", "1996-05-28", 7900, 55, "Bounty hunter Rick Deckard retires rogue androids in post-war San Francisco."],
  ["9780553418026", "The Martian", ["Andy Weir"], "Broadway Books", "2014-10-28", 8800, 100, "Stranded on Mars, astronaut Mark Watney has to science his way home."],
  ["9780593135204", "Project Hail Mary", ["Andy Weir"], "Ballantine Books", "2021-05-04", 16500, 85, "A lone astronaut wakes up light-years from home with a mission to save Earth."],
]);

const business = shelf("en", "business", [
  ["9780374533557", "Thinking, Fast and Slow", ["Daniel Kahneman"], "Farrar, Straus and Giroux", "2013-04-02", 11800, 90, "System 1 and System 2: the two ways we think, and the biases of each."],
  ["9780307887894", "The Lean Startup", ["Eric Ries"], "Crown Business", "2011-09-13", 16800, 80, "Build, measure, learn: validated learning for new ventures."],
  ["9780804139298", "Zero to One: Notes on Startups, or How to Build the Future", ["Peter Thiel", "Blake Masters"], "Crown Business", "2014-09-16", 15800, 85, "Why the best companies create something new instead of competing."],
  ["9780307463746", "Rework", ["Jason Fried", "David Heinemeier Hansson"], "Crown Business", "2010-03-09", 14800, 60, "Contrarian advice on starting and running a business, from the founders of 37signals."],
  ["9780066620992", "Good to Great", ["Jim Collins"], "HarperBusiness", "2001-10-16", 18800, 55, "What lets some companies make the leap to lasting greatness."],
  ["9780062060242", "The Innovator's Dilemma", ["Clayton M. Christensen"], "Harper Business", "2011-10-04", 12800, 50, "Why well-run companies lose to disruptive technologies."],
  ["9780743269513", "The 7 Habits of Highly Effective People", ["Stephen R. Covey"], "Free Press", "2004-11-09", 11800, 70, "A principle-centred approach to personal and professional effectiveness."],
  ["9780060731328", "Freakonomics", ["Steven D. Levitt", "Stephen J. Dubner"], "William Morrow", "2005-04-12", 16800, 45, "A rogue economist explores the hidden side of everything."],
  ["9780060555665", "The Intelligent Investor (Revised Edition)", ["Benjamin Graham", "Jason Zweig"], "Harper Business", "2003-07-08", 15800, 65, "The classic text on value investing, with modern commentary."],
  ["9781501124020", "Principles: Life and Work", ["Ray Dalio"], "Simon & Schuster", "2017-09-19", 23800, 60, "The principles behind Bridgewater Associates, for life and for work."],
  ["9780812973815", "The Black Swan (2nd Edition)", ["Nassim Nicholas Taleb"], "Random House", "2010-05-11", 13800, 50, "The impact of the highly improbable, and why we fail to foresee it."],
  ["9780988262591", "The Phoenix Project", ["Gene Kim", "Kevin Behr", "George Spafford"], "IT Revolution Press", "2013-01-10", 16800, 75, "A novel about IT, DevOps and helping a business win."],
  ["9780674430006", "Capital in the Twenty-First Century", ["Thomas Piketty"], "Belknap Press", "2014-03-10", 29800, 0, "The dynamics of wealth and inequality since the eighteenth century."],
]);

const history = shelf("en", "history", [
  ["9780062316097", "Sapiens: A Brief History of Humankind", ["Yuval Noah Harari"], "Harper", "2015-02-10", 19800, 110, "How Homo sapiens came to rule the world: cognitive, agricultural and scientific revolutions."],
  ["9780393317558", "Guns, Germs, and Steel", ["Jared Diamond"], "W. W. Norton", "1999-04-01", 14800, 70, "Why Eurasian societies conquered others: geography, crops, animals and disease."],
  ["9780871404237", "SPQR: A History of Ancient Rome", ["Mary Beard"], "Liveright", "2015-11-09", 25800, 45, "A thousand years of Roman history, from its founding myths to universal citizenship."],
  ["9781451651683", "The Rise and Fall of the Third Reich", ["William L. Shirer"], "Simon & Schuster", "2011-10-11", 22800, 35, "The classic history of Nazi Germany by an eyewitness journalist."],
  ["9780743270755", "Team of Rivals: The Political Genius of Abraham Lincoln", ["Doris Kearns Goodwin"], "Simon & Schuster", "2005-10-25", 21800, 30, "How Lincoln brought his political rivals into his cabinet."],
  ["9780345476098", "The Guns of August", ["Barbara W. Tuchman"], "Ballantine Books", "2004-04-27", 12800, 40, "The first month of the First World War, and how it came to be fought."],
  ["9781400032051", "1491: New Revelations of the Americas Before Columbus", ["Charles C. Mann"], "Vintage", "2006-10-10", 13800, 35, "The Americas before 1492 were more populous and sophisticated than once believed."],
  ["9780140449082", "The Histories", ["Herodotus"], "Penguin Classics", "2003-04-29", 11800, 4, "The Persian Wars and the peoples of the ancient world, told by the father of history."],
]);

const science = shelf("en", "science", [
  ["9780553380163", "A Brief History of Time", ["Stephen Hawking"], "Bantam", "1998-09-01", 9800, 100, "From the Big Bang to black holes: cosmology for the general reader."],
  ["9780199291151", "The Selfish Gene (30th Anniversary Edition)", ["Richard Dawkins"], "Oxford University Press", "2006-03-16", 12800, 60, "The gene's-eye view of evolution."],
  ["9780345539434", "Cosmos", ["Carl Sagan"], "Ballantine Books", "2013-12-10", 10800, 70, "The story of the universe and our place in it."],
  ["9780465026562", "Gödel, Escher, Bach: An Eternal Golden Braid", ["Douglas R. Hofstadter"], "Basic Books", "1999-02-05", 19800, 40, "Self-reference, formal systems and the emergence of mind."],
]);

const philosophy = shelf("en", "philosophy", [
  ["9780140449334", "Meditations", ["Marcus Aurelius"], "Penguin Classics", "2006-04-27", 7800, 90, "The private notes of a Roman emperor on Stoic self-discipline."],
  ["9780140455113", "The Republic", ["Plato"], "Penguin Classics", "2007-04-26", 8800, 55, "Justice, the ideal state and the allegory of the cave."],
  ["9780140449235", "Beyond Good and Evil", ["Friedrich Nietzsche"], "Penguin Classics", "2003-03-27", 8200, 45, "Nietzsche's attack on the prejudices of philosophers and morality."],
  ["9780140441185", "Thus Spoke Zarathustra", ["Friedrich Nietzsche"], "Penguin Classics", "1961-01-01", 8500, 40, "The prophet Zarathustra teaches the Übermensch and eternal recurrence."],
  ["9780374530716", "Sophie's World", ["Jostein Gaarder"], "Farrar, Straus and Giroux", "2007-03-20", 10800, 0, "A novel about the history of philosophy, told to a fourteen-year-old girl."],
]);

const children = shelf("en", "children", [
  ["9780064400558", "Charlotte's Web", ["E. B. White"], "HarperCollins", "2012-04-10", 6800, 100, "A pig named Wilbur and the spider who saves his life."],
  ["9780399226908", "The Very Hungry Caterpillar", ["Eric Carle"], "Philomel Books", "1994-03-23", 8800, 120, "A caterpillar eats its way through a week and becomes a butterfly."],
  ["9780060254926", "Where the Wild Things Are", ["Maurice Sendak"], "HarperCollins", "1988-11-09", 9800, 80, "Max sails to the land of the wild things and becomes their king."],
  ["9780064430173", "Goodnight Moon", ["Margaret Wise Brown"], "HarperCollins", "1977-09-01", 6500, 90, "A bunny says goodnight to everything in the great green room."],
  ["9780156012195", "The Little Prince", ["Antoine de Saint-Exupéry"], "Harcourt", "2000-05-15", 6800, 110, "A pilot stranded in the desert meets a little prince from another planet."],
  ["9780142410370", "Matilda", ["Roald Dahl"], "Puffin Books", "2007-04-12", 6200, 85, "A brilliant girl with telekinetic powers takes on the terrible Miss Trunchbull."],
  ["9780142410318", "Charlie and the Chocolate Factory", ["Roald Dahl"], "Puffin Books", "2007-08-16", 6200, 90, "Charlie Bucket wins a golden ticket to Willy Wonka's factory."],
  ["9780064404990", "The Lion, the Witch and the Wardrobe", ["C. S. Lewis"], "HarperCollins", "1994-07-08", 6800, 75, "Four children step through a wardrobe into the land of Narnia."],
  ["9780375869020", "Wonder", ["R. J. Palacio"], "Alfred A. Knopf", "2012-02-14", 11800, 70, "August Pullman, born with a facial difference, starts fifth grade."],
  ["9780590353427", "Harry Potter and the Sorcerer's Stone", ["J. K. Rowling"], "Scholastic", "1998-09-01", 9800, 3, "An orphaned boy learns he is a wizard and goes to Hogwarts."],
]);

const art = shelf("en", "art", [
  ["9780140135152", "Ways of Seeing", ["John Berger"], "Penguin Books", "1990-12-01", 9800, 50, "How we look at paintings, photographs and advertising."],
  ["9780761169253", "Steal Like an Artist", ["Austin Kleon"], "Workman Publishing", "2012-02-28", 8800, 70, "Ten things nobody told you about being creative."],
  ["9780465050659", "The Design of Everyday Things (Revised Edition)", ["Don Norman"], "Basic Books", "2013-11-05", 14800, 60, "Affordances, signifiers and feedback: why some things are easy to use."],
  ["9780321965516", "Don't Make Me Think, Revisited", ["Steve Krug"], "New Riders", "2013-12-24", 24800, 45, "A common-sense approach to web and mobile usability."],
  ["9780714832470", "The Story of Art (16th Edition)", ["E. H. Gombrich"], "Phaidon Press", "1995-04-07", 29800, 2, "The most famous introduction to art history, from cave paintings to the modern."],
]);

/** English editions, roughly half the demo catalogue. */
export const ENGLISH_BOOKS: readonly SeedBook[] = [
  ...computing,
  ...literature,
  ...scifi,
  ...business,
  ...history,
  ...science,
  ...philosophy,
  ...children,
  ...art,
];
