# Ground truth for tests/test_ruby_time.py: how Ruby and Jekyll read dates.
#
# Reads a JSON list of cases on stdin, writes a JSON object on stdout:
# {"versions": {...}, "results": [...]} with one result per case, in order.
# Cases: {"kind": "parse", "text", "tz"}, {"kind": "yaml", "yaml", "tz"},
# {"kind": "filename", "path", "tz"}; "now" (ISO 8601) is the current time
# the run pretends it is (Time.now is fixed to it).
require "json"
require "time"
require "jekyll"

request = JSON.parse($stdin.read)
NOW = Time.iso8601(request["now"])
class << Time
  alias_method :postlint_real_now, :now
  def now(*) = NOW.dup
end

def shown(t)
  { "wall" => t.strftime("%Y-%m-%d %H:%M:%S.%6N"), "offset" => t.utc_offset }
end

def attempt
  shown(yield)
rescue ArgumentError, Jekyll::Errors::InvalidDateError => e
  { "error" => e.class.name }
end

def jekyll_date(text)
  Jekyll::Utils.instance_variable_set(:@parse_date_cache, {})
  attempt { Jekyll::Utils.parse_date(text) }
end

def date_hash(text)
  Date._parse(text).reject { |k, _| k == :offset }.to_h do |k, v|
    [k.to_s, v.is_a?(Rational) ? [v.numerator, v.denominator] : v]
  end
rescue ArgumentError => e
  { "error" => e.class.name }
end

results = request["cases"].map do |c|
  ENV["TZ"] = c["tz"]
  case c["kind"]
  when "parse"
    { "hash" => date_hash(c["text"]), "time" => attempt { Time.parse(c["text"]) },
      "jekyll" => jekyll_date(c["text"]) }
  when "yaml"
    begin
      value = Jekyll::Utils.safe_load_yaml(c["yaml"])["date"]
      { "class" => value.class.name, "to_s" => value.to_s, "jekyll" => jekyll_date(value.to_s) }
    rescue Psych::Exception, StandardError => e
      { "load_error" => e.class.name }
    end
  when "filename"
    if c["path"] =~ Jekyll::Document::DATE_FILENAME_MATCHER
      { "match" => Regexp.last_match.captures, "jekyll" => jekyll_date(Regexp.last_match(1)) }
    else
      { "match" => nil }
    end
  end
end

versions = { "ruby" => RUBY_DESCRIPTION, "jekyll" => Jekyll::VERSION, "psych" => Psych::VERSION,
             "libyaml" => Psych::LIBYAML_VERSION, "date" => Date::VERSION }
puts JSON.generate({ "versions" => versions, "results" => results })
