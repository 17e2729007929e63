# frozen_string_literal: true
#
# postlint conformance: what a real `jekyll build` publishes, written as JSON.
#
# Loaded only by the conformance harness (tests/conformance/harness.py), which
# copies it into the `_plugins` folder of a temporary copy of the site. It
# changes nothing in the build; it records:
#
# - every page, document (of every collection) and static file Jekyll read:
#   its source path (relative to the site), URL, destination and whether it
#   was written; pages made by plugins (redirects, feed, sitemap, pagination)
#   are marked "generated";
# - for every page or document whose output is HTML, the links of its
#   converted content BEFORE the layout is applied (hook :post_convert), in
#   document order: tag, attribute and value as written in the HTML;
# - every file of the destination, the id/name attributes of each HTML file
#   written (with its layout), the destination of every redirect page, and
#   the rules of a Netlify `_redirects` file copied to the destination.
#
# Links are not resolved here: the harness resolves them (and postlint's
# findings) with one Python resolver against this inventory.
#
# The output file is named by the environment variable POSTLINT_TRUTH_OUT.

require "json"
require "set"
require "nokogiri"

module PostlintTruth
  LINK_ATTRIBUTES = {
    "a" => %w[href], "area" => %w[href], "link" => %w[href],
    "img" => %w[src srcset], "source" => %w[src srcset], "script" => %w[src],
    "iframe" => %w[src], "video" => %w[src poster], "audio" => %w[src],
    "embed" => %w[src], "track" => %w[src], "input" => %w[src], "object" => %w[data],
  }.freeze

  @contents = {} # object_id => [links]
  @templates = {} # object_id of a pagination page => [template source, page number]

  class << self
    attr_reader :contents, :templates

    def fragment(html)
      Nokogiri::HTML5.fragment(html, max_errors: 0)
    end

    def links_of(html)
      found = []
      fragment(html).traverse do |node|
        next unless node.element?

        (LINK_ATTRIBUTES[node.name.downcase] || []).each do |attr|
          value = node[attr]
          found << { "tag" => node.name.downcase, "attr" => attr, "value" => value } unless value.nil?
        end
      end
      found
    end

    def html_output?(item)
      %w[.html .htm].include?(item.output_ext.to_s.downcase)
    end

    def relative(site, path)
      return nil if path.nil?

      source = File.join(File.expand_path(site.source), "")
      full = File.expand_path(path, site.source)
      full.start_with?(source) ? full.delete_prefix(source) : nil
    end

    def page_source(site, page)
      template = templates[page.object_id]
      return template[0] if template

      rel = page.relative_path.to_s.delete_prefix("/")
      File.file?(File.join(site.source, rel)) ? rel : nil
    end

    def generated_page?(site, page)
      return true if page.is_a?(Jekyll::PageWithoutAFile)
      return true if defined?(JekyllRedirectFrom::RedirectPage) && page.is_a?(JekyllRedirectFrom::RedirectPage)

      template = templates[page.object_id]
      return template[1] > 1 if template

      page_source(site, page).nil?
    end

    def item_record(site, item, kind, source)
      dest = item.destination(site.dest)
      {
        "source" => source,
        "kind" => kind,
        "class" => item.class.name,
        "collection" => item.respond_to?(:collection) && item.collection ? item.collection.label : nil,
        "url" => item.url,
        "dest" => relative_to_dest(site, dest),
        "written" => item.write? && File.file?(dest),
        "redirect_to" => (item.data["redirect"] || {})["to"],
        "content" => contents.key?(item.object_id) && !generated_kind?(kind),
      }
    end

    def generated_kind?(kind)
      kind == "generated"
    end

    def relative_to_dest(site, dest)
      root = File.join(File.expand_path(site.dest), "")
      full = File.expand_path(dest)
      full.start_with?(root) ? full.delete_prefix(root) : full
    end

    def ids_of(path)
      doc = Nokogiri::HTML5.parse(File.read(path, encoding: "UTF-8"), max_errors: 0)
      ids = Set.new
      doc.xpath("//*[@id]").each { |node| ids << node["id"] }
      doc.xpath("//a[@name]").each { |node| ids << node["name"] }
      ids.to_a.sort
    rescue ArgumentError, EncodingError
      []
    end

    def netlify_rules(dest)
      path = File.join(dest, "_redirects")
      return [] unless File.file?(path)

      File.readlines(path, encoding: "UTF-8").filter_map do |line|
        fields = line.split("#", 2)[0].split
        fields.length >= 2 ? fields : nil
      end
    end

    def inventory(site)
      items = []
      site.pages.each do |page|
        generated = generated_page?(site, page)
        source = generated ? nil : page_source(site, page)
        record = item_record(site, page, generated ? "generated" : "page", source)
        record["links"] = contents[page.object_id] if record["content"]
        items << record
      end
      site.collections.each_value do |collection|
        collection.docs.each do |doc|
          record = item_record(site, doc, "document", relative(site, doc.path))
          record["links"] = contents[doc.object_id] if record["content"]
          items << record
        end
      end
      site.static_files.each do |file|
        dest = file.destination(site.dest)
        items << {
          "source" => relative(site, file.path), "kind" => "static", "class" => file.class.name,
          "collection" => file.respond_to?(:collection) && file.collection ? file.collection.label : nil,
          "url" => file.url, "dest" => relative_to_dest(site, dest),
          "written" => file.write? && File.file?(dest), "redirect_to" => nil, "content" => false,
        }
      end
      items
    end

    def written_files(site)
      root = File.expand_path(site.dest)
      Dir.glob("**/*", File::FNM_DOTMATCH, base: root).select { |rel| File.file?(File.join(root, rel)) }.sort
    end

    def write(site)
      written = written_files(site)
      html = written.select { |rel| rel.downcase.end_with?(".html", ".htm") }
      data = {
        "schema" => 1,
        "jekyll" => Jekyll::VERSION,
        "plugins" => Array(site.config["plugins"]),
        "baseurl" => site.config["baseurl"].to_s,
        "url" => site.config["url"].to_s,
        "items" => inventory(site),
        "written" => written,
        "ids" => html.to_h { |rel| [rel, ids_of(File.join(site.dest, rel))] },
        "netlify" => netlify_rules(site.dest),
      }
      File.write(ENV.fetch("POSTLINT_TRUTH_OUT"), JSON.generate(data))
    end
  end
end

# The source of a pagination page (jekyll-paginate-v2 copies its template page
# without its folder): remember the template and the page number.
Jekyll::Hooks.register :site, :post_read do |_site|
  if defined?(Jekyll::PaginateV2::Generator::PaginationPage)
    klass = Jekyll::PaginateV2::Generator::PaginationPage
    unless klass.ancestors.any? { |m| m.name == "PostlintTruth::PaginationSource" }
      mod = Module.new do
        def initialize(page_to_copy, cur_page_nr, *rest)
          super
          PostlintTruth.templates[object_id] = [page_to_copy.relative_path.to_s.delete_prefix("/"), cur_page_nr]
        end
      end
      PostlintTruth.const_set(:PaginationSource, mod)
      klass.prepend(mod)
    end
  end
end

Jekyll::Hooks.register [:pages, :documents], :post_convert do |item|
  PostlintTruth.contents[item.object_id] = PostlintTruth.links_of(item.content.to_s) if PostlintTruth.html_output?(item)
end

Jekyll::Hooks.register :site, :post_write do |site|
  PostlintTruth.write(site)
end
