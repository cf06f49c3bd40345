-- Large, realistic catalog data for benchmarks (`make seed-large`, scripts/seed-large.sh).
--
--   bigco                "BigCo Academy": 40 instructors, 8 top-level categories with
--                        their subcategories, 100,000 courses
--   small-01 .. small-20 2,000-5,000 courses each over 3-5 of the top-level categories,
--                        3-10 instructors each
--
-- Run as the schema owner (BYPASSRLS) on a migrated database. Idempotent: the
-- tenants above are deleted and regenerated; no other tenant is touched.
-- Deterministic: every choice is a hash of (tenant, course number, purpose),
-- so two runs produce the same catalog (only the uuids and the timestamps,
-- which are relative to now(), differ). Set-based throughout: one INSERT ...
-- SELECT per table; the course_search_vector trigger runs as usual.
--
-- Ratings stay NULL and enrollment/rating counts 0: no made-up numbers.
-- Every generated user's password is `lyceum-demo` (the demo seed's).

\set ON_ERROR_STOP on
set client_min_messages = warning;
set synchronous_commit = off;
set work_mem = '64MB';
-- Fewer, larger flushes of the GIN pending lists during the bulk insert.
set gin_pending_list_limit = '32MB';

begin;

-- ---------------------------------------------------------------------------
-- Deterministic pseudo-randomness
-- ---------------------------------------------------------------------------

-- A non-negative 63-bit hash of (id, salt).
create function pg_temp.h(id bigint, salt integer) returns bigint
    language sql immutable parallel safe
    as $$ select hashint8extended(id, salt) & 9223372036854775807 $$;
-- An integer in [0, n).
create function pg_temp.pick(id bigint, salt integer, n integer) returns integer
    language sql immutable parallel safe
    as $$ select (pg_temp.h(id, salt) % n)::integer $$;
-- A float in [0, 1).
create function pg_temp.u(id bigint, salt integer) returns double precision
    language sql immutable parallel safe
    as $$ select (hashint8extended(id, salt) & 4503599627370495)::double precision / 4503599627370496.0 $$;
-- 'Full-Stack Web Development: From Zero to Hero' -> 'full-stack-web-development-from-zero-to-hero'
create function pg_temp.slugify(s text, max_len integer) returns text
    language sql immutable
    as $$ select trim(both '-' from left(trim(both '-' from regexp_replace(lower(s), '[^a-z0-9]+', '-', 'g')), max_len)) $$;

-- ---------------------------------------------------------------------------
-- Remove the previous run (ordered: the RESTRICT foreign keys on category and
-- the plain one from course to app_user do not cascade from tenant)
-- ---------------------------------------------------------------------------

create temp table gen_old on commit drop as
select tenant_id from tenant
where subdomain = 'bigco' or subdomain in (select format('small-%s', to_char(i, 'FM00')) from generate_series(1, 20) i);

-- Courses first: their course_category rows go with them (cascade), so the
-- category mirror's trigger has no surviving course to rewrite.
delete from course where tenant_id in (select tenant_id from gen_old);
delete from category where tenant_id in (select tenant_id from gen_old);
delete from tenant where tenant_id in (select tenant_id from gen_old);  -- cascades: users, sessions, domains, audit

-- ---------------------------------------------------------------------------
-- Vocabulary
-- ---------------------------------------------------------------------------

-- Top-level categories: who they are for, and what their courses teach (%1$s = topic).
create temp table voc_top (
    top_pos    integer primary key,
    name       text not null,
    slug       text not null,
    audiences  text[] not null,
    bullets    text[] not null   -- exactly 8
) on commit drop;
insert into voc_top values
(0, 'Programming', 'programming',
 array['Beginners', 'Software Engineers', 'Career Changers', 'Students', 'Backend Developers', 'Busy Professionals'],
 array['Write clean, idiomatic %1$s code that others can read and maintain',
       'Structure larger programs into modules, packages and libraries',
       'Test your code with unit and integration tests',
       'Debug and profile programs with professional tools',
       'Handle errors gracefully and design robust APIs',
       'Use the standard library and the wider ecosystem effectively',
       'Understand memory, performance and concurrency trade-offs',
       'Set up a productive development environment and workflow']),
(1, 'Web & Mobile Development', 'web-mobile-development',
 array['Aspiring Web Developers', 'Frontend Developers', 'Full-Stack Developers', 'Designers Who Code', 'Freelancers', 'Mobile Developers'],
 array['Build responsive, accessible interfaces that work on any device',
       'Design and consume REST and GraphQL APIs',
       'Deploy a web application to production with confidence',
       'Manage state, forms and validation in real applications',
       'Secure your app against common web vulnerabilities',
       'Measure and improve page speed and Core Web Vitals',
       'Structure a codebase that scales with your team',
       'Integrate authentication, payments and third-party services']),
(2, 'Data Science', 'data-science',
 array['Data Analysts', 'Aspiring Data Scientists', 'Researchers', 'Business Analysts', 'Engineers', 'Students'],
 array['Clean, reshape and explore messy real-world datasets',
       'Choose the right model for a problem and evaluate it honestly',
       'Communicate results with clear charts and dashboards',
       'Write efficient queries over large datasets',
       'Avoid data leakage, overfitting and other classic pitfalls',
       'Make your analyses reproducible with notebooks and version control',
       'Turn business questions into measurable hypotheses',
       'Put a model or pipeline into production and monitor it']),
(3, 'Cloud & DevOps', 'cloud-devops',
 array['DevOps Engineers', 'System Administrators', 'Developers', 'Platform Engineers', 'SREs', 'IT Professionals'],
 array['Automate deployments with repeatable pipelines',
       'Design highly available, fault-tolerant infrastructure',
       'Monitor systems with metrics, logs and traces',
       'Control cloud costs without sacrificing reliability',
       'Manage secrets, permissions and network security',
       'Package applications in containers and run them at scale',
       'Recover quickly from incidents and run blameless postmortems',
       'Describe infrastructure as code and review it like software']),
(4, 'Cybersecurity', 'cybersecurity',
 array['Security Analysts', 'Developers', 'IT Professionals', 'Penetration Testers', 'Beginners', 'System Administrators'],
 array['Think like an attacker and map an application''s attack surface',
       'Find and fix the vulnerabilities in the OWASP Top 10',
       'Use industry-standard tools in a safe lab environment',
       'Write clear, actionable security reports',
       'Harden systems, networks and cloud accounts',
       'Respond to incidents and preserve evidence correctly',
       'Understand the cryptography behind TLS, signatures and passwords',
       'Build security into the development lifecycle']),
(5, 'Business', 'business',
 array['Entrepreneurs', 'Managers', 'Small Business Owners', 'Startup Founders', 'Professionals', 'New Managers'],
 array['Set clear goals and measure progress with the right metrics',
       'Build a plan that stakeholders understand and support',
       'Make better decisions with simple financial models',
       'Run productive meetings and workshops',
       'Understand your customers and what they will pay for',
       'Prioritise ruthlessly when everything seems urgent',
       'Present recommendations persuasively to leadership',
       'Apply proven frameworks to real case studies']),
(6, 'Design', 'design',
 array['Aspiring Designers', 'Developers', 'Marketers', 'Creatives', 'Product Teams', 'Photographers'],
 array['Apply the principles of layout, colour and typography',
       'Turn research insights into clear design decisions',
       'Build and maintain a reusable component library',
       'Create polished portfolio pieces from real briefs',
       'Prototype ideas quickly and test them with real users',
       'Give and receive useful design feedback',
       'Prepare files and assets for developers and print',
       'Develop a consistent visual style and brand identity']),
(7, 'Personal Development', 'personal-development',
 array['Professionals', 'Students', 'Remote Workers', 'Team Leads', 'Job Seekers', 'Lifelong Learners'],
 array['Build habits that last beyond the first week',
       'Plan your week so the important work actually gets done',
       'Speak and write with clarity and confidence',
       'Handle difficult conversations calmly and constructively',
       'Set meaningful goals and track your progress',
       'Reduce stress and avoid burnout',
       'Learn faster with evidence-based study techniques',
       'Present your skills and experience compellingly']);

-- Subcategories and their general tags.
create temp table voc_sub (
    top_pos  integer not null,
    sub_pos  integer not null,
    name     text not null,
    slug     text not null,
    tags     text[] not null,
    primary key (top_pos, sub_pos)
) on commit drop;
insert into voc_sub values
(0, 0, 'Rust', 'rust', array['rust', 'systems-programming', 'memory-safety', 'cargo']),
(0, 1, 'Python', 'python', array['python', 'scripting', 'pip', 'programming']),
(0, 2, 'JavaScript & TypeScript', 'javascript-typescript', array['javascript', 'typescript', 'npm', 'programming']),
(0, 3, 'Go', 'go', array['go', 'golang', 'concurrency', 'backend']),
(0, 4, 'Java & Kotlin', 'java-kotlin', array['java', 'jvm', 'kotlin', 'backend']),
(0, 5, 'C & C++', 'c-cpp', array['c', 'cpp', 'systems-programming', 'performance']),
(1, 0, 'Frontend', 'frontend', array['frontend', 'html', 'css', 'javascript']),
(1, 1, 'Backend', 'backend', array['backend', 'api', 'databases', 'web']),
(1, 2, 'Full-Stack', 'full-stack', array['full-stack', 'web', 'deployment', 'javascript']),
(1, 3, 'Mobile Apps', 'mobile-apps', array['mobile', 'ios', 'android', 'apps']),
(1, 4, 'Performance & Accessibility', 'web-performance-accessibility', array['web-performance', 'accessibility', 'a11y', 'web']),
(2, 0, 'Machine Learning', 'machine-learning', array['machine-learning', 'ml', 'python', 'modeling']),
(2, 1, 'Deep Learning & AI', 'deep-learning-ai', array['deep-learning', 'ai', 'neural-networks', 'gpu']),
(2, 2, 'Data Analysis', 'data-analysis', array['data-analysis', 'analytics', 'visualization', 'reporting']),
(2, 3, 'Data Engineering', 'data-engineering', array['data-engineering', 'sql', 'etl', 'pipelines']),
(2, 4, 'Statistics', 'statistics', array['statistics', 'probability', 'math', 'inference']),
(3, 0, 'Cloud Platforms', 'cloud-platforms', array['cloud', 'architecture', 'certification', 'iam']),
(3, 1, 'Containers & Kubernetes', 'containers-kubernetes', array['containers', 'kubernetes', 'docker', 'orchestration']),
(3, 2, 'CI/CD', 'ci-cd', array['ci-cd', 'automation', 'devops', 'git']),
(3, 3, 'Infrastructure as Code', 'infrastructure-as-code', array['infrastructure-as-code', 'iac', 'automation', 'cloud']),
(3, 4, 'Linux & Site Reliability', 'linux-sre', array['linux', 'sre', 'operations', 'monitoring']),
(4, 0, 'Application Security', 'application-security', array['appsec', 'security', 'owasp', 'secure-coding']),
(4, 1, 'Network Security', 'network-security', array['network-security', 'networking', 'security', 'tcp-ip']),
(4, 2, 'Ethical Hacking', 'ethical-hacking', array['ethical-hacking', 'pentesting', 'security', 'kali-linux']),
(4, 3, 'Cryptography', 'cryptography', array['cryptography', 'encryption', 'security', 'tls']),
(4, 4, 'Incident Response', 'incident-response', array['incident-response', 'forensics', 'blue-team', 'security']),
(5, 0, 'Entrepreneurship', 'entrepreneurship', array['entrepreneurship', 'startups', 'business', 'strategy']),
(5, 1, 'Project Management', 'project-management', array['project-management', 'agile', 'planning', 'teams']),
(5, 2, 'Marketing', 'marketing', array['marketing', 'growth', 'digital-marketing', 'analytics']),
(5, 3, 'Finance & Accounting', 'finance-accounting', array['finance', 'accounting', 'excel', 'money']),
(5, 4, 'Leadership & Management', 'leadership-management', array['leadership', 'management', 'teams', 'soft-skills']),
(5, 5, 'Product Management', 'product-management', array['product-management', 'product', 'roadmaps', 'strategy']),
(6, 0, 'UX Design', 'ux-design', array['ux', 'user-research', 'design', 'usability']),
(6, 1, 'UI Design', 'ui-design', array['ui', 'visual-design', 'design', 'figma']),
(6, 2, 'Graphic Design', 'graphic-design', array['graphic-design', 'adobe', 'branding', 'design']),
(6, 3, '3D & Motion', '3d-motion', array['3d', 'animation', 'motion-graphics', 'rendering']),
(6, 4, 'Photography & Video', 'photography-video', array['photography', 'video', 'editing', 'camera']),
(7, 0, 'Productivity', 'productivity', array['productivity', 'time-management', 'focus', 'habits']),
(7, 1, 'Communication', 'communication', array['communication', 'soft-skills', 'speaking', 'writing']),
(7, 2, 'Languages', 'languages', array['languages', 'language-learning', 'grammar', 'vocabulary']),
(7, 3, 'Career Growth', 'career-growth', array['career', 'job-search', 'interviews', 'soft-skills']),
(7, 4, 'Health & Wellbeing', 'health-wellbeing', array['wellbeing', 'mindfulness', 'stress', 'health']);

-- Topics (what a course title is about) and their specific tags.
create temp table voc_topic (
    topic_id  integer generated always as identity primary key,
    top_pos   integer not null,
    sub_pos   integer not null,
    topic     text not null,
    tags      text[] not null
) on commit drop;
insert into voc_topic (top_pos, sub_pos, topic, tags) values
(0, 0, 'Rust Programming', array['rust', 'ownership', 'traits']),
(0, 0, 'Async Rust with Tokio', array['rust', 'async', 'tokio']),
(0, 0, 'Rust Web Services with Axum', array['rust', 'web', 'axum', 'rest-api']),
(0, 0, 'Systems Programming in Rust', array['rust', 'operating-systems', 'unsafe']),
(0, 0, 'Rust Ownership and Borrowing', array['rust', 'ownership', 'lifetimes']),
(0, 0, 'Rust and WebAssembly', array['rust', 'webassembly', 'wasm', 'web']),
(0, 0, 'Full-Stack Rust with Leptos', array['rust', 'leptos', 'web', 'full-stack']),
(0, 1, 'Python Programming', array['python', 'basics', 'oop']),
(0, 1, 'Python Automation', array['python', 'automation', 'scripting']),
(0, 1, 'Object-Oriented Python', array['python', 'oop', 'design-patterns']),
(0, 1, 'Python Testing with pytest', array['python', 'pytest', 'testing']),
(0, 1, 'Async Python', array['python', 'asyncio', 'async']),
(0, 2, 'JavaScript', array['javascript', 'es2023', 'dom']),
(0, 2, 'TypeScript', array['typescript', 'types', 'javascript']),
(0, 2, 'Node.js', array['nodejs', 'javascript', 'backend']),
(0, 2, 'Functional JavaScript', array['javascript', 'functional-programming']),
(0, 3, 'Go Programming', array['go', 'golang', 'basics']),
(0, 3, 'Concurrency in Go', array['go', 'goroutines', 'channels']),
(0, 3, 'Go Microservices', array['go', 'microservices', 'grpc']),
(0, 3, 'Go Web APIs', array['go', 'web', 'rest-api']),
(0, 4, 'Java Programming', array['java', 'oop', 'basics']),
(0, 4, 'Spring Boot', array['java', 'spring-boot', 'microservices']),
(0, 4, 'Kotlin', array['kotlin', 'jvm', 'android']),
(0, 4, 'Java Performance Tuning', array['java', 'jvm', 'performance', 'garbage-collection']),
(0, 5, 'C Programming', array['c', 'pointers', 'memory']),
(0, 5, 'Modern C++', array['cpp', 'cpp20', 'templates']),
(0, 5, 'C++ Game Programming', array['cpp', 'game-development', 'graphics']),
(0, 5, 'Embedded C', array['c', 'embedded', 'microcontrollers']),
(1, 0, 'React', array['react', 'hooks', 'spa']),
(1, 0, 'Vue.js', array['vue', 'spa', 'components']),
(1, 0, 'Svelte', array['svelte', 'sveltekit', 'components']),
(1, 0, 'CSS Flexbox and Grid', array['css', 'flexbox', 'css-grid', 'layout']),
(1, 0, 'HTML and CSS', array['html', 'css', 'web-design']),
(1, 0, 'Tailwind CSS', array['tailwind', 'css', 'utility-first']),
(1, 1, 'REST API Design', array['rest-api', 'http', 'openapi']),
(1, 1, 'GraphQL APIs', array['graphql', 'api', 'schema-design']),
(1, 1, 'Django', array['django', 'python', 'web']),
(1, 1, 'Ruby on Rails', array['rails', 'ruby', 'web']),
(1, 1, 'Express.js', array['express', 'nodejs', 'web']),
(1, 2, 'Next.js', array['nextjs', 'react', 'ssr']),
(1, 2, 'Full-Stack Web Development', array['full-stack', 'web', 'databases']),
(1, 2, 'Web Application Architecture', array['architecture', 'web', 'scalability']),
(1, 2, 'Phoenix LiveView', array['elixir', 'phoenix', 'web', 'real-time']),
(1, 3, 'React Native', array['react-native', 'mobile', 'javascript']),
(1, 3, 'Flutter', array['flutter', 'dart', 'mobile']),
(1, 3, 'SwiftUI', array['swiftui', 'swift', 'ios']),
(1, 3, 'Android with Jetpack Compose', array['android', 'kotlin', 'jetpack-compose']),
(1, 4, 'Web Performance Optimization', array['web-performance', 'caching', 'lighthouse']),
(1, 4, 'Web Accessibility', array['accessibility', 'wcag', 'aria']),
(1, 4, 'Progressive Web Apps', array['pwa', 'service-workers', 'offline']),
(1, 4, 'Core Web Vitals', array['core-web-vitals', 'seo', 'web-performance']),
(2, 0, 'Machine Learning', array['machine-learning', 'supervised-learning', 'python']),
(2, 0, 'Scikit-learn', array['scikit-learn', 'python', 'machine-learning']),
(2, 0, 'Feature Engineering', array['feature-engineering', 'pandas', 'machine-learning']),
(2, 0, 'MLOps', array['mlops', 'deployment', 'monitoring']),
(2, 0, 'Recommender Systems', array['recommender-systems', 'collaborative-filtering']),
(2, 1, 'Deep Learning with PyTorch', array['pytorch', 'deep-learning', 'python']),
(2, 1, 'TensorFlow and Keras', array['tensorflow', 'keras', 'deep-learning']),
(2, 1, 'Computer Vision', array['computer-vision', 'cnn', 'image-processing']),
(2, 1, 'Natural Language Processing', array['nlp', 'transformers', 'text']),
(2, 1, 'Large Language Models', array['llm', 'generative-ai', 'prompt-engineering']),
(2, 2, 'Data Analysis with Pandas', array['pandas', 'python', 'data-analysis']),
(2, 2, 'Excel Data Analysis', array['excel', 'pivot-tables', 'spreadsheets']),
(2, 2, 'Data Visualization', array['data-visualization', 'charts', 'storytelling']),
(2, 2, 'Tableau', array['tableau', 'dashboards', 'business-intelligence']),
(2, 2, 'Power BI', array['power-bi', 'dax', 'business-intelligence']),
(2, 3, 'SQL', array['sql', 'queries', 'databases']),
(2, 3, 'PostgreSQL', array['postgresql', 'sql', 'databases']),
(2, 3, 'Apache Spark', array['spark', 'big-data', 'pyspark']),
(2, 3, 'Data Pipelines with Airflow', array['airflow', 'etl', 'orchestration']),
(2, 3, 'Data Warehousing', array['data-warehouse', 'dimensional-modeling', 'dbt']),
(2, 4, 'Statistical Inference', array['statistics', 'hypothesis-testing', 'regression']),
(2, 4, 'Bayesian Statistics', array['bayesian', 'probability', 'pymc']),
(2, 4, 'A/B Testing', array['ab-testing', 'experimentation', 'statistics']),
(2, 4, 'Probability', array['probability', 'math', 'random-variables']),
(2, 4, 'R Programming', array['r', 'tidyverse', 'statistics']),
(3, 0, 'AWS', array['aws', 'ec2', 's3']),
(3, 0, 'Microsoft Azure', array['azure', 'microsoft', 'cloud']),
(3, 0, 'Google Cloud', array['gcp', 'google-cloud', 'bigquery']),
(3, 0, 'Serverless Architecture', array['serverless', 'lambda', 'event-driven']),
(3, 1, 'Docker', array['docker', 'containers', 'dockerfile']),
(3, 1, 'Kubernetes', array['kubernetes', 'k8s', 'containers']),
(3, 1, 'Helm', array['helm', 'kubernetes', 'packaging']),
(3, 1, 'Service Mesh with Istio', array['istio', 'service-mesh', 'kubernetes']),
(3, 2, 'GitHub Actions', array['github-actions', 'ci-cd', 'workflows']),
(3, 2, 'Jenkins', array['jenkins', 'ci-cd', 'pipelines']),
(3, 2, 'GitLab CI/CD', array['gitlab', 'ci-cd', 'pipelines']),
(3, 2, 'Git and Version Control', array['git', 'version-control', 'branching']),
(3, 3, 'Terraform', array['terraform', 'iac', 'hcl']),
(3, 3, 'Ansible', array['ansible', 'configuration-management', 'automation']),
(3, 3, 'Pulumi', array['pulumi', 'iac', 'typescript']),
(3, 4, 'Linux Administration', array['linux', 'sysadmin', 'shell']),
(3, 4, 'Bash Scripting', array['bash', 'shell', 'scripting']),
(3, 4, 'Site Reliability Engineering', array['sre', 'slos', 'reliability']),
(3, 4, 'Observability with Prometheus and Grafana', array['prometheus', 'grafana', 'observability']),
(4, 0, 'Web Application Security', array['web-security', 'xss', 'csrf']),
(4, 0, 'OWASP Top 10', array['owasp', 'vulnerabilities', 'appsec']),
(4, 0, 'Secure Coding', array['secure-coding', 'code-review', 'appsec']),
(4, 0, 'API Security', array['api-security', 'oauth', 'jwt']),
(4, 1, 'Network Security', array['network-security', 'firewalls', 'ids']),
(4, 1, 'Firewalls and VPNs', array['firewalls', 'vpn', 'networking']),
(4, 1, 'Wireshark', array['wireshark', 'packet-analysis', 'networking']),
(4, 2, 'Ethical Hacking', array['ethical-hacking', 'kali-linux', 'exploitation']),
(4, 2, 'Penetration Testing', array['penetration-testing', 'metasploit', 'red-team']),
(4, 2, 'Bug Bounty Hunting', array['bug-bounty', 'web-security', 'recon']),
(4, 3, 'Applied Cryptography', array['cryptography', 'aes', 'rsa']),
(4, 3, 'Public Key Infrastructure', array['pki', 'certificates', 'tls']),
(4, 3, 'Cryptography Fundamentals', array['cryptography', 'hashing', 'encryption']),
(4, 4, 'Incident Response', array['incident-response', 'playbooks', 'siem']),
(4, 4, 'Digital Forensics', array['forensics', 'evidence', 'memory-analysis']),
(4, 4, 'Threat Hunting', array['threat-hunting', 'mitre-attack', 'siem']),
(5, 0, 'Starting a Business', array['small-business', 'business-plan', 'startups']),
(5, 0, 'Lean Startup', array['lean-startup', 'mvp', 'validation']),
(5, 0, 'Startup Fundraising', array['fundraising', 'venture-capital', 'pitch-deck']),
(5, 0, 'Business Model Design', array['business-model', 'strategy', 'canvas']),
(5, 1, 'Agile Project Management', array['agile', 'project-management', 'sprints']),
(5, 1, 'Scrum', array['scrum', 'agile', 'scrum-master']),
(5, 1, 'PMP Exam Prep', array['pmp', 'certification', 'pmbok']),
(5, 1, 'Kanban', array['kanban', 'lean', 'workflow']),
(5, 2, 'Digital Marketing', array['digital-marketing', 'ads', 'funnels']),
(5, 2, 'SEO', array['seo', 'search', 'content']),
(5, 2, 'Content Marketing', array['content-marketing', 'copywriting', 'blogging']),
(5, 2, 'Social Media Marketing', array['social-media', 'instagram', 'linkedin']),
(5, 2, 'Email Marketing', array['email-marketing', 'newsletters', 'automation']),
(5, 3, 'Financial Modeling', array['financial-modeling', 'excel', 'valuation']),
(5, 3, 'Accounting Basics', array['accounting', 'bookkeeping', 'financial-statements']),
(5, 3, 'Personal Finance', array['personal-finance', 'budgeting', 'saving']),
(5, 3, 'Investing', array['investing', 'stocks', 'portfolio']),
(5, 3, 'Corporate Finance', array['corporate-finance', 'valuation', 'capital']),
(5, 4, 'Leadership', array['leadership', 'influence', 'coaching']),
(5, 4, 'Team Management', array['management', 'one-on-ones', 'feedback']),
(5, 4, 'Negotiation', array['negotiation', 'persuasion', 'deals']),
(5, 4, 'Strategic Thinking', array['strategy', 'decision-making', 'planning']),
(5, 5, 'Product Management', array['product-management', 'roadmaps', 'prioritization']),
(5, 5, 'Product Discovery', array['product-discovery', 'user-interviews', 'experiments']),
(5, 5, 'Product Analytics', array['product-analytics', 'metrics', 'funnels']),
(6, 0, 'UX Design', array['ux', 'wireframes', 'user-flows']),
(6, 0, 'User Research', array['user-research', 'interviews', 'personas']),
(6, 0, 'Usability Testing', array['usability-testing', 'ux', 'research']),
(6, 0, 'Information Architecture', array['information-architecture', 'navigation', 'ux']),
(6, 1, 'UI Design', array['ui', 'visual-design', 'layout']),
(6, 1, 'Figma', array['figma', 'prototyping', 'components']),
(6, 1, 'Design Systems', array['design-systems', 'components', 'tokens']),
(6, 1, 'Typography', array['typography', 'fonts', 'layout']),
(6, 2, 'Adobe Photoshop', array['photoshop', 'photo-editing', 'adobe']),
(6, 2, 'Adobe Illustrator', array['illustrator', 'vector', 'adobe']),
(6, 2, 'Logo Design', array['logo-design', 'branding', 'illustrator']),
(6, 2, 'Brand Identity Design', array['branding', 'identity', 'style-guides']),
(6, 3, 'Blender', array['blender', '3d-modeling', 'rendering']),
(6, 3, 'Motion Graphics with After Effects', array['after-effects', 'motion-graphics', 'animation']),
(6, 3, '3D Modeling', array['3d-modeling', 'sculpting', 'texturing']),
(6, 4, 'Digital Photography', array['photography', 'composition', 'lighting']),
(6, 4, 'Video Editing', array['video-editing', 'premiere-pro', 'davinci-resolve']),
(6, 4, 'Lightroom', array['lightroom', 'photo-editing', 'color-grading']),
(6, 4, 'Smartphone Photography', array['smartphone', 'photography', 'mobile']),
(7, 0, 'Time Management', array['time-management', 'planning', 'priorities']),
(7, 0, 'Productivity Systems', array['gtd', 'productivity', 'workflows']),
(7, 0, 'Note-Taking', array['note-taking', 'second-brain', 'obsidian']),
(7, 0, 'Deep Work', array['deep-work', 'focus', 'attention']),
(7, 1, 'Public Speaking', array['public-speaking', 'presentations', 'confidence']),
(7, 1, 'Business Writing', array['writing', 'email', 'clarity']),
(7, 1, 'Presentation Skills', array['presentations', 'slides', 'storytelling']),
(7, 1, 'Storytelling', array['storytelling', 'narrative', 'persuasion']),
(7, 2, 'Business English', array['english', 'business-english', 'esl']),
(7, 2, 'Spanish', array['spanish', 'conversation', 'grammar']),
(7, 2, 'German Grammar', array['german', 'grammar', 'deutsch']),
(7, 2, 'Japanese', array['japanese', 'hiragana', 'kanji']),
(7, 3, 'Job Interviews', array['interviews', 'job-search', 'resume']),
(7, 3, 'Career Planning', array['career-planning', 'goals', 'mentoring']),
(7, 3, 'Personal Branding', array['personal-branding', 'linkedin', 'networking']),
(7, 3, 'Salary Negotiation', array['salary', 'negotiation', 'compensation']),
(7, 4, 'Mindfulness', array['mindfulness', 'meditation', 'wellbeing']),
(7, 4, 'Stress Management', array['stress', 'resilience', 'burnout']),
(7, 4, 'Healthy Habits', array['habits', 'sleep', 'nutrition']);

-- A second, related subcategory for some topics (possibly under another top-level
-- category): a Django course also sits in Python, a Kubernetes one in Cloud Platforms.
create temp table voc_related (topic text primary key, also_slug text not null) on commit drop;
insert into voc_related values
('Rust Web Services with Axum', 'backend'), ('Rust and WebAssembly', 'frontend'),
('Full-Stack Rust with Leptos', 'full-stack'), ('Node.js', 'backend'), ('TypeScript', 'frontend'),
('JavaScript', 'frontend'), ('Go Microservices', 'backend'), ('Go Web APIs', 'backend'),
('Spring Boot', 'backend'), ('Kotlin', 'mobile-apps'), ('C++ Game Programming', '3d-motion'),
('React', 'javascript-typescript'), ('Vue.js', 'javascript-typescript'), ('Svelte', 'javascript-typescript'),
('Django', 'python'), ('Express.js', 'javascript-typescript'), ('Next.js', 'frontend'),
('Phoenix LiveView', 'backend'), ('React Native', 'javascript-typescript'),
('Android with Jetpack Compose', 'java-kotlin'), ('Web Accessibility', 'ux-design'),
('Core Web Vitals', 'marketing'), ('Machine Learning', 'python'), ('Scikit-learn', 'python'),
('MLOps', 'ci-cd'), ('Deep Learning with PyTorch', 'machine-learning'),
('TensorFlow and Keras', 'machine-learning'), ('Natural Language Processing', 'machine-learning'),
('Large Language Models', 'machine-learning'), ('Data Analysis with Pandas', 'python'),
('Excel Data Analysis', 'finance-accounting'), ('SQL', 'backend'), ('PostgreSQL', 'backend'),
('Apache Spark', 'machine-learning'), ('A/B Testing', 'product-management'),
('R Programming', 'data-analysis'), ('Statistical Inference', 'data-analysis'),
('Serverless Architecture', 'backend'), ('Docker', 'ci-cd'), ('Kubernetes', 'cloud-platforms'),
('Terraform', 'cloud-platforms'), ('Pulumi', 'cloud-platforms'),
('Site Reliability Engineering', 'containers-kubernetes'),
('Observability with Prometheus and Grafana', 'containers-kubernetes'),
('Web Application Security', 'backend'), ('OWASP Top 10', 'ethical-hacking'), ('API Security', 'backend'),
('Bug Bounty Hunting', 'application-security'), ('Penetration Testing', 'network-security'),
('Public Key Infrastructure', 'network-security'), ('Threat Hunting', 'network-security'),
('Lean Startup', 'product-management'), ('Startup Fundraising', 'finance-accounting'),
('Business Model Design', 'product-management'), ('Agile Project Management', 'product-management'),
('SEO', 'web-performance-accessibility'), ('Content Marketing', 'communication'),
('Financial Modeling', 'data-analysis'), ('Team Management', 'project-management'),
('Negotiation', 'career-growth'), ('Product Discovery', 'ux-design'), ('Product Analytics', 'data-analysis'),
('User Research', 'product-management'), ('Design Systems', 'frontend'), ('Figma', 'ux-design'),
('Typography', 'graphic-design'), ('Brand Identity Design', 'marketing'),
('Motion Graphics with After Effects', 'photography-video'), ('Lightroom', 'graphic-design'),
('Public Speaking', 'leadership-management'), ('Business Writing', 'career-growth'),
('Storytelling', 'marketing'), ('Business English', 'communication'), ('Job Interviews', 'communication'),
('Personal Branding', 'marketing'), ('Stress Management', 'productivity');

-- Per topic: its tag pool (topic tags first, then the subcategory's; no
-- duplicates) and its related subcategory, if any.
create temp table gen_topic on commit drop as
select tp.topic_id, tp.top_pos, tp.sub_pos, tp.topic, s.name as sub_name, t.name as top_name,
       t.audiences, t.bullets,
       array(select tag from unnest(tp.tags || s.tags) with ordinality x(tag, i)
             group by tag order by min(i)) as tag_pool,
       also.top_pos as also_top_pos, also.sub_pos as also_sub_pos
from voc_topic tp
join voc_sub s using (top_pos, sub_pos)
join voc_top t using (top_pos)
left join voc_related r on r.topic = tp.topic
left join voc_sub also on also.slug = r.also_slug;
do $$ begin
    if exists (select from voc_related r where not exists (select from voc_sub s where s.slug = r.also_slug))
       or exists (select from voc_related r where not exists (select from voc_topic t where t.topic = r.topic)) then
        raise exception 'voc_related names a topic or subcategory that does not exist';
    end if;
end $$;
alter table gen_topic add primary key (topic_id);

-- ---------------------------------------------------------------------------
-- Tenants
-- ---------------------------------------------------------------------------

create temp table gen_tenant (
    ord            integer primary key,   -- 0 = bigco, 1..20 = small-01..small-20
    subdomain      text not null,
    name           text not null,
    color          text not null,
    n_courses      integer not null,
    n_instructors  integer not null,
    tops           integer[] not null,    -- top-level categories it teaches
    tenant_id      uuid,
    topic_pick     integer[]              -- topic ids, repeated by popularity
) on commit drop;
insert into gen_tenant (ord, subdomain, name, color, n_courses, n_instructors, tops)
values (0, 'bigco', 'BigCo Academy', '#0f766e', 100000, 40, array[0, 1, 2, 3, 4, 5, 6, 7]);
insert into gen_tenant (ord, subdomain, name, color, n_courses, n_instructors, tops)
select i,
       format('small-%s', to_char(i, 'FM00')),
       (array['Northwind Learning', 'Bluefin Institute', 'Cedar Ridge Academy', 'Summit Skills',
              'Harbor Tech School', 'Maple Leaf Learning', 'Orion Training', 'Pinecrest Academy',
              'Riverbend Institute', 'Silverline Skills', 'Blue Harbor Academy', 'Lighthouse Learning',
              'Redwood Training', 'Brightpath Institute', 'Copperfield Academy', 'Evergreen Skills',
              'Granite Peak Learning', 'Ironwood Institute', 'Juniper School', 'Kestrel Academy'])[i],
       (array['#b91c1c', '#c2410c', '#a16207', '#4d7c0f', '#15803d', '#047857', '#0e7490', '#0369a1',
              '#1d4ed8', '#4338ca', '#6d28d9', '#7e22ce', '#a21caf', '#be185d', '#be123c', '#334155',
              '#57534e', '#0f766e', '#9a3412', '#3f6212'])[i],
       2000 + pg_temp.pick(i, 101, 3001),
       3 + pg_temp.pick(i, 102, 8),
       -- 3 to 5 of the 8 top-level categories, in a per-tenant order
       (array(select top_pos from voc_top order by pg_temp.h(i * 100 + top_pos, 103)))[1:3 + pg_temp.pick(i, 104, 3)]
from generate_series(1, 20) i;

insert into tenant (subdomain, name, settings)
select subdomain, name,
       jsonb_build_object(
           'branding', jsonb_build_object('primary_color', color),
           'features', jsonb_build_object('max_courses', 200000, 'max_students', 1000000,
                                          'custom_branding', true, 'white_label', ord = 0, 'api_access', true),
           'billing', jsonb_build_object('plan', case when ord = 0 then 'enterprise' else 'professional' end,
                                         'platform_fee_percentage', case when ord = 0 then 10 else 15 end))
from gen_tenant order by ord;
update gen_tenant g set tenant_id = t.tenant_id from tenant t where t.subdomain = g.subdomain;

-- Topic popularity: weight 1..6 per (tenant, topic), restricted to the tenant's categories.
update gen_tenant g set topic_pick = (
    select array_agg(tp.topic_id order by tp.topic_id, w)
    from gen_topic tp, generate_series(1, 1 + pg_temp.pick(g.ord * 1000 + tp.topic_id, 105, 6)) w
    where tp.top_pos = any (g.tops));

-- ---------------------------------------------------------------------------
-- People: an admin, a learner and the instructors of each tenant. Password
-- `lyceum-demo` (argon2id, the parameters of app/src/identity/password_hash.rs).
-- ---------------------------------------------------------------------------

create temp table gen_instructor on commit drop as
select g.ord as tenant_ord, g.tenant_id, i as ord, gen_random_uuid() as user_id,
       (array['Alex', 'Maria', 'James', 'Priya', 'Chen', 'Sofia', 'David', 'Aisha', 'Lucas', 'Emma',
              'Mateo', 'Hannah', 'Omar', 'Yuki', 'Daniel', 'Laura', 'Noah', 'Fatima', 'Ethan', 'Chloe',
              'Ravi', 'Elena', 'Samuel', 'Grace', 'Tomas', 'Isabel', 'Kenji', 'Nadia', 'Oliver', 'Zoe',
              'Marco', 'Amara', 'Felix', 'Julia', 'Hugo', 'Leila', 'Victor', 'Anna', 'Diego', 'Mei',
              'Jonas', 'Sara', 'Arjun', 'Clara', 'Malik', 'Ingrid', 'Pablo', 'Nora', 'Kwame', 'Eva'])
           [1 + pg_temp.pick(g.ord * 1000 + i, 201, 50)] as first_name,
       (array['Smith', 'Garcia', 'Mueller', 'Rossi', 'Tanaka', 'Kim', 'Nguyen', 'Patel', 'Silva', 'Johnson',
              'Martin', 'Kowalski', 'Novak', 'Jensen', 'Larsen', 'Dubois', 'Fernandez', 'Costa', 'Okafor', 'Mensah',
              'Haddad', 'Cohen', 'Ivanova', 'Petrov', 'Schmidt', 'Weber', 'Bernard', 'Moreau', 'Lopez', 'Santos',
              'Yamamoto', 'Sato', 'Chen', 'Wang', 'Singh', 'Sharma', 'Ahmed', 'Hassan', 'Brown', 'Wilson',
              'Taylor', 'Anderson', 'Thomas', 'Moore', 'Clark', 'Lewis', 'Walker', 'Young', 'King', 'Wright'])
           [1 + pg_temp.pick(g.ord * 1000 + i, 202, 50)] as last_name
from gen_tenant g, generate_series(0, g.n_instructors - 1) i;
alter table gen_instructor add primary key (tenant_ord, ord);

insert into app_user (tenant_id, user_id, email, display_name, persona, password_hash)
select tenant_id, user_id,
       lower(format('%s.%s.%s@%s.test', first_name, last_name, ord + 1, (select subdomain from gen_tenant where ord = tenant_ord))),
       first_name || ' ' || last_name, 'instructor', p.hash
from gen_instructor,
     (select '$argon2id$v=19$m=19456,t=2,p=1$y99rmsM6SwMcujjFh0I2wQ$wEh86pRbFIfBLHUeI+6/UwG9ZbXh8+si15N7CPGNz/g'::text as hash) p
union all
select g.tenant_id, gen_random_uuid(), format('%s@%s.test', who, g.subdomain), g.name || ' ' || initcap(who), who_persona, p.hash
from gen_tenant g,
     (values ('admin', 'admin'), ('learner', 'learner')) w(who, who_persona),
     (select '$argon2id$v=19$m=19456,t=2,p=1$y99rmsM6SwMcujjFh0I2wQ$wEh86pRbFIfBLHUeI+6/UwG9ZbXh8+si15N7CPGNz/g'::text as hash) p;

-- ---------------------------------------------------------------------------
-- Categories: the tenant's top-level categories, each with all its subcategories
-- ---------------------------------------------------------------------------

create temp table gen_category on commit drop as
select g.ord as tenant_ord, g.tenant_id, t.top_pos, null::integer as sub_pos, gen_random_uuid() as category_id,
       null::uuid as parent_id, t.name, t.slug, array_position(g.tops, t.top_pos) - 1 as position
from gen_tenant g join voc_top t on t.top_pos = any (g.tops);
insert into gen_category
select c.tenant_ord, c.tenant_id, s.top_pos, s.sub_pos, gen_random_uuid(), c.category_id, s.name, s.slug, s.sub_pos
from gen_category c join voc_sub s using (top_pos);
create unique index on gen_category (tenant_ord, top_pos, sub_pos);

insert into category (tenant_id, category_id, parent_id, name, slug, position)
select tenant_id, category_id, parent_id, name, slug, position
from gen_category order by tenant_ord, parent_id nulls first, position;

-- ---------------------------------------------------------------------------
-- Courses: first the choices (topic, instructor, second category), then the text
-- ---------------------------------------------------------------------------

create temp table gen_course on commit drop as
select c.*, i.user_id as instructor_id, i.first_name as instructor_first_name,
       -- 60% of the courses on a topic with a related subcategory also sit there.
       case when pg_temp.u(c.k, 3) < 0.6 then tp.also_top_pos end as also_top_pos,
       case when pg_temp.u(c.k, 3) < 0.6 then tp.also_sub_pos end as also_sub_pos
from (
    select g.ord as tenant_ord, g.tenant_id, n, k, gen_random_uuid() as course_id,
           tp.topic_id, tp.top_pos, tp.sub_pos,
           -- Instructors specialise by top-level category; a few are prolific.
           (tp.top_pos + 8 * floor(greatest(1, ceil(g.n_instructors / 8.0)) * pg_temp.u(k, 2) ^ 1.5)::integer)
               % g.n_instructors as instructor_ord
    from gen_tenant g
    cross join generate_series(1, g.n_courses) n
    cross join lateral (select g.ord::bigint * 10000000 + n as k) kk
    join gen_topic tp on tp.topic_id = g.topic_pick[1 + pg_temp.pick(k, 1, cardinality(g.topic_pick))]
) c
join gen_topic tp using (topic_id)
join gen_instructor i on i.tenant_ord = c.tenant_ord and i.ord = c.instructor_ord;

insert into course (tenant_id, course_id, instructor_id, slug, title, subtitle, description, tags,
                    pricing_model, currency, list_price_minor, sale_price_minor, sale_ends_at,
                    duration_minutes, skill_level, language, prerequisites, status, published_at,
                    created_at, updated_at, category_ids)
select c.tenant_id, c.course_id, c.instructor_id,
       pg_temp.slugify(x.title, 80) || '-' || c.n,
       x.title,
       left(format(y.subtitle_tpl, tp.topic, lower(y.audience), tp.sub_name, y.level, y.year)
            || case when y.language <> 'en' then ' (taught in ' || y.language_name || ')' else '' end, 200),
       y.description,
       x.tags,
       y.pricing_model, 'USD', y.list_price,
       case when y.on_sale then greatest(99, floor(y.list_price * (0.5 + 0.35 * pg_temp.u(c.k, 31)) / 100)::bigint * 100 - 1) end,
       case when y.on_sale then now() + make_interval(days => 1 + pg_temp.pick(c.k, 32, 30), hours => pg_temp.pick(c.k, 33, 24)) end,
       y.duration, y.level, y.language, y.prerequisites, y.status, y.published_at,
       y.created_at, greatest(y.created_at, coalesce(y.published_at, y.created_at) + (now() - coalesce(y.published_at, y.created_at)) * pg_temp.u(c.k, 34)),
       -- The same categories as course_category below (migration 6's mirror),
       -- filled here so its sync trigger has nothing to rewrite.
       array(select cat.category_id from gen_category cat
             where cat.tenant_ord = c.tenant_ord
               and ((cat.top_pos, cat.sub_pos) = (c.top_pos, c.sub_pos)
                    or (cat.top_pos, cat.sub_pos) = (c.also_top_pos, c.also_sub_pos))
             order by cat.category_id)
from gen_course c
join gen_topic tp using (topic_id)
cross join lateral (
    select
        -- {template, level it implies ('' = any)}
        (array['%1$s for %2$s', 'Mastering %1$s', '%1$s: From Zero to %3$s', 'The Complete %1$s Bootcamp',
               'Practical %1$s', 'Hands-On %1$s', 'Introduction to %1$s', 'Advanced %1$s', '%1$s Fundamentals',
               '%1$s in %4$s Days', '%1$s Masterclass %5$s', '%1$s: A Project-Based Course',
               'Learn %1$s by Building Real Projects', '%1$s Essentials for %2$s', '%1$s Deep Dive',
               '%1$s: Best Practices and Patterns', '%1$s Crash Course', 'Modern %1$s', '%6$s %1$s for %2$s',
               '%1$s Certification Prep', '%1$s Step by Step', 'The %1$s Handbook', '%6$s %1$s',
               '%1$s for Absolute Beginners', 'Professional %1$s', '%1$s Recipes: Solving Real Problems'])
            [1 + pg_temp.pick(c.k, 10, 26)] as tpl,
        pg_temp.pick(c.k, 10, 26) as tpl_i,
        tp.audiences[1 + pg_temp.pick(c.k, 11, cardinality(tp.audiences))] as audience
) t0
cross join lateral (
    select
        -- ('Modern Modern C++' -> 'Modern C++')
        regexp_replace(format(t0.tpl, tp.topic, t0.audience,
               (array['Hero', 'Expert', 'Pro', 'Production'])[1 + pg_temp.pick(c.k, 12, 4)],
               (array[7, 10, 14, 21, 30])[1 + pg_temp.pick(c.k, 13, 5)],
               2024 + pg_temp.pick(c.k, 14, 3),
               (array['Practical', 'Modern', 'Essential', 'Applied', 'Effective', 'Pragmatic', 'Complete', 'Real-World'])
                   [1 + pg_temp.pick(c.k, 15, 8)]), '\m(\w+) \1\M', '\1')
        -- Some courses come in parts or editions.
        || case when t0.tpl_i <> 10 then
               (array['', '', '', '', '', '', '', '', '', '', '', '', '', '', ' - Part 1', ' - Part 2', ' - Part 3',
                      ' (2025 Edition)', ' (2026 Edition)', ': Live Workshop Recordings'])[1 + pg_temp.pick(c.k, 19, 20)]
           else '' end as title,
        array[tp.tag_pool[1]] || array(
            select tp.tag_pool[2 + (pg_temp.pick(c.k, 16, 100) + i) % (cardinality(tp.tag_pool) - 1)]
            from generate_series(0, least(1 + pg_temp.pick(c.k, 17, 5), cardinality(tp.tag_pool) - 1) - 1) i
            order by i) as tags,
        case
            when t0.tpl_i in (6, 8, 23) then 'beginner'
            when t0.tpl_i in (7, 14, 24) then 'advanced'
            when t0.tpl_i in (15) then 'intermediate'
            else (array['beginner', 'beginner', 'beginner', 'beginner', 'beginner', 'beginner', 'beginner', 'beginner', 'beginner',
                        'intermediate', 'intermediate', 'intermediate', 'intermediate', 'intermediate', 'intermediate', 'intermediate',
                        'advanced', 'advanced', 'advanced', 'advanced'])[1 + pg_temp.pick(c.k, 18, 20)]
        end as level
) x
cross join lateral (
    select
        t0.audience, x.level,
        2024 + pg_temp.pick(c.k, 14, 3) as year,
        (array['Learn %1$s step by step, with hands-on exercises and real-world projects',
               'A practical, project-based course on %1$s for %2$s',
               'Everything you need to know about %1$s, explained clearly and without fluff',
               'Build real skills in %1$s and %3$s with guided projects and quizzes',
               'Patterns, pitfalls and best practices of %1$s at the %4$s level',
               'Go from the basics of %1$s to confident, production-quality work',
               'Short, focused lessons on %1$s that fit into a busy schedule',
               'Master %1$s with clear explanations, worked examples and exercises',
               'Updated for %5$s: the modern way to work with %1$s',
               'Hands-on %1$s for %2$s who want results fast'])[1 + pg_temp.pick(c.k, 20, 10)] as subtitle_tpl,
        lang.code as language, lang.name as language_name,
        price.pricing_model, price.list_price,
        price.pricing_model <> 'free' and pg_temp.u(c.k, 30) < 0.19 as on_sale,
        dur.minutes as duration,
        st.status, st.published_at,
        case when st.published_at is null then now() - make_interval(days => pg_temp.pick(c.k, 40, 180), hours => pg_temp.pick(c.k, 41, 24))
             else st.published_at - make_interval(days => 1 + pg_temp.pick(c.k, 42, 90)) end as created_at,
        prereq.list as prerequisites,
        -- Markdown: an introduction, then some of: what you will learn, who it is for, structure, requirements.
        concat_ws(E'\n\n',
            format((array[
                '%1$s is one of the most useful skills you can add to your toolbox in %3$s. In this course you will learn it the way practitioners use it every day: through small, focused lessons followed by exercises that build on each other. By the end you will be able to use %1$s with confidence in your own projects.',
                'This course is a %7$s-level guide to %1$s, designed for %2$s. Over roughly %6$s hours of video, reading and practice we cover the ideas that matter most and skip the ones that don''t. Every module ends with a short project so you can check your understanding before moving on.',
                'Hi, I''m %5$s. I have used %1$s at work for years and built this course around the questions my colleagues and students ask most often. We start with the fundamentals, move quickly to realistic examples, and finish with the techniques experienced practitioners rely on.',
                'Want to get productive with %1$s without wading through hundreds of pages of documentation? This course gives you a clear path through the essentials of %3$s, with practical examples, downloadable resources and exercises you can complete at your own pace.',
                'Whether you are just getting started or refreshing your knowledge, this course on %1$s will help you build a solid foundation in %4$s. Lessons are short and practical, and each section comes with a quiz and a **hands-on assignment** with a worked solution.',
                '%1$s has changed a lot in recent years. This course teaches the modern approach, compares it with older techniques you will still meet at work, and shows you how to make good decisions on real projects. It is written for %2$s who value clarity over hype.',
                'In this hands-on course you will learn %1$s by doing. Instead of long lectures, you work through a series of guided projects, each one introducing a new idea from %3$s and reinforcing what came before. Expect to practise from the very first lesson.',
                'This is the course I wish I had when I started with %1$s. It explains the *why* behind every technique, not just the how, and includes plenty of exercises, cheat sheets and a final capstone project that brings everything together.'])
                [1 + pg_temp.pick(c.k, 50, 8)],
                tp.topic, lower(t0.audience), tp.sub_name, tp.top_name,
                c.instructor_first_name,
                round(dur.minutes / 60.0, 1), x.level),
            case when pg_temp.u(c.k, 51) < 0.85 then
                E'## What you''ll learn\n\n' || array_to_string(array(
                    select '- ' || format((tp.bullets || array[
                               'Understand the core concepts of %1$s and how they fit together',
                               'Build a complete %1$s project from scratch',
                               'Avoid the most common mistakes people make with %1$s',
                               'Apply proven best practices for %1$s at work',
                               'Know what to learn next once you are comfortable with %1$s',
                               'Practise with exercises that come with worked solutions',
                               'Prepare for interviews and certifications that cover %1$s',
                               'Explain %1$s clearly to colleagues and clients'])
                               [1 + (pg_temp.pick(c.k, 52, 16) + 5 * i) % 16], tp.topic)
                    from generate_series(0, 2 + pg_temp.pick(c.k, 53, 3)) i order by i), E'\n') end,
            case when pg_temp.u(c.k, 54) < 0.6 then
                E'## Who this course is for\n\n' || format((array[
                    'This course is for %2$s who want a structured, practical path into %1$s. If you learn best by building things and like to see how each idea is used in practice, you will feel at home here.',
                    'It suits %2$s at the %3$s level, as well as anyone who has dabbled with %1$s before and now wants to fill in the gaps and work more confidently.',
                    'If you are one of the many %2$s who need %1$s for work, or simply want to understand it properly, this course is for you. No fluff, no filler: just what you need to make progress.'])
                    [1 + pg_temp.pick(c.k, 55, 3)], tp.topic, lower(t0.audience), x.level) end,
            case when pg_temp.u(c.k, 56) < 0.5 then
                format(E'## Course structure\n\nThe course is organised into %s sections and %s lectures, with about %s hours of on-demand video, %s exercises and a final project. Follow it from start to finish, or jump straight to the parts you need.',
                       least(3 + dur.minutes / 300, 12), 5 + dur.minutes / 12 + pg_temp.pick(c.k, 57, 8),
                       round(dur.minutes / 60.0, 1), 2 + dur.minutes / 60 + pg_temp.pick(c.k, 58, 6)) end,
            case when pg_temp.u(c.k, 59) < 0.4 and cardinality(prereq.list) > 0 then
                E'## Requirements\n\n' || array_to_string(array(select '- ' || p from unnest(prereq.list) p), E'\n') end
        ) as description
    from
        (select (array['en', 'es', 'de', 'fr', 'pt', 'ja', 'it'])[i] as code,
                (array['English', 'Spanish', 'German', 'French', 'Portuguese', 'Japanese', 'Italian'])[i] as name
         from (select case when u < 0.78 then 1 when u < 0.84 then 2 when u < 0.88 then 3 when u < 0.92 then 4
                           when u < 0.96 then 5 when u < 0.98 then 6 else 7 end as i
               from (select pg_temp.u(c.k, 60) as u) uu) li) lang,
        (select case when u < 0.20 then 'free' when u < 0.85 then 'one_time' else 'subscription' end as pricing_model,
                case when u < 0.20 then 0
                     when u < 0.85 then (array[999, 1499, 1999, 1999, 2499, 2999, 2999, 3999, 4999, 4999, 5999, 7999, 8999, 9999, 12999, 14999, 19999])
                                            [1 + pg_temp.pick(c.k, 62, 17)]
                     else (array[999, 1499, 1999, 2499, 2999, 3999, 4999])[1 + pg_temp.pick(c.k, 63, 7)] end::bigint as list_price
         from (select pg_temp.u(c.k, 61) as u) uu) price,
        -- 30..3000 minutes, most courses short; advanced ones a bit longer.
        (select least(3000, 30 + 5 * floor((case x.level when 'advanced' then 650 else 594 end) * pg_temp.u(c.k, 64) ^ 3)::integer) as minutes) dur,
        (select case when u < 0.90 then 'published' when u < 0.96 then 'draft' else 'archived' end as status,
                case when u < 0.90 then now() - make_interval(secs => pg_temp.u(c.k, 66) * 3 * 365 * 86400)
                     when u < 0.96 then null
                     else now() - make_interval(secs => (1 + 2 * pg_temp.u(c.k, 66)) * 365 * 86400) end as published_at
         from (select pg_temp.u(c.k, 65) as u) uu) st,
        (select array(
             select format(pool[1 + (pg_temp.pick(c.k, 70, 4) + i) % 4], tp.topic, tp.sub_name, tp.top_name)
             from (select case x.level
                       when 'beginner' then array['No prior experience with %1$s is required', 'A computer with an internet connection',
                                                  'Curiosity and a willingness to practise', 'About two hours a week to follow along']
                       when 'intermediate' then array['Basic familiarity with %1$s', 'Some experience with %2$s',
                                                      'A computer you can install software on', 'Comfort with the fundamentals of %3$s']
                       else array['Solid hands-on experience with %1$s', 'Several months of working in %2$s',
                                  'Familiarity with the tools used in %3$s', 'Experience shipping real projects'] end as pool) pl,
                  generate_series(1, case x.level when 'beginner' then pg_temp.pick(c.k, 71, 3) else 1 + pg_temp.pick(c.k, 71, 3) end) i
             order by i) as list) prereq
) y;

-- Each course sits in its topic's subcategory, some also in a related one
-- (when the tenant has that category).
insert into course_category (tenant_id, course_id, category_id)
select c.tenant_id, c.course_id, cat.category_id
from gen_course c
join gen_category cat on cat.tenant_ord = c.tenant_ord
                     and ((cat.top_pos, cat.sub_pos) = (c.top_pos, c.sub_pos)
                          or (cat.top_pos, cat.sub_pos) = (c.also_top_pos, c.also_sub_pos));

commit;
