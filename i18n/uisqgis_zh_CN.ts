<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>UisQgis</name>
    <message>
        <source>Plants (points)</source>
        <translation>工厂（点）</translation>
    </message>
    <message>
        <source>Industrial plants and power stations (user guide, 'Input layers'): plant_id (unique), sector (power, steel, cement, chemical, paper, food, textile, other), fuel_tce (annual non-electric primary fuel, t coal equivalent); optional production_t, electricity_mwh, generation_mwh, chp, stack parameters, province, grid_region, fly_ash_t, slag_t. Any CRS.</source>
        <translation>工业企业与电厂（用户指南“输入图层”）：plant_id（唯一）、sector（power、steel、cement、chemical、paper、food、textile、other）、fuel_tce（年非电一次燃料消耗，吨标准煤）；可选 production_t、electricity_mwh、generation_mwh、chp、烟囱参数、province、grid_region、fly_ash_t、slag_t。任意坐标系。</translation>
    </message>
    <message>
        <source>Plant sector field</source>
        <translation>工厂行业字段</translation>
    </message>
    <message>
        <source>Field of this layer holding 'sector' (user guide, 'Input layers'). Empty: the field named sector.</source>
        <translation>本图层中存放“sector”（行业）的字段（用户指南“输入图层”）。留空：使用名为 sector 的字段。</translation>
    </message>
    <message>
        <source>Plant fuel field (t coal equivalent per year)</source>
        <translation>工厂燃料字段（吨标准煤/年）</translation>
    </message>
    <message>
        <source>Field of this layer holding 'fuel_tce' (user guide, 'Input layers'). Empty: the field named fuel_tce.</source>
        <translation>本图层中存放“fuel_tce”（燃料）的字段（用户指南“输入图层”）。留空：使用名为 fuel_tce 的字段。</translation>
    </message>
    <message>
        <source>Cities (polygons, or points with an area)</source>
        <translation>城市（面，或带面积 area_km2 的点）</translation>
    </message>
    <message>
        <source>City territories: city_id (unique), population; optional name, province, grid_region, core_floor_area_m2, hdd, gdp_primary/secondary/tertiary, observed_pm25. Points need area_km2 (the city becomes a circle of that area). Any CRS.</source>
        <translation>城市辖区：city_id（唯一）、population；可选 name、province、grid_region、core_floor_area_m2、hdd、gdp_primary/secondary/tertiary、observed_pm25。点要素需给出 area_km2（城市按该面积画成圆）。任意坐标系。</translation>
    </message>
    <message>
        <source>City population field</source>
        <translation>城市人口字段</translation>
    </message>
    <message>
        <source>Field of this layer holding 'population' (user guide, 'Input layers'). Empty: the field named population.</source>
        <translation>本图层中存放“population”（人口）的字段（用户指南“输入图层”）。留空：使用名为 population 的字段。</translation>
    </message>
    <message>
        <source>Existing district heating (polygons or lines)</source>
        <translation>现有集中供热（面或线）</translation>
    </message>
    <message>
        <source>Optional existing district-heating systems: des_id, heat_supplied_gj (GJ/yr). They are sinks of cascade step C (medium-grade heat within the fence line).</source>
        <translation>可选的现有集中供热系统：des_id、heat_supplied_gj（GJ/年）。它们是梯级利用步骤 C 的热汇（围栏范围内的中品位余热）。</translation>
    </message>
    <message>
        <source>Heat supplied field (GJ per year)</source>
        <translation>供热量字段（GJ/年）</translation>
    </message>
    <message>
        <source>Field of this layer holding 'heat_supplied_gj' (user guide, 'Input layers'). Empty: the field named heat_supplied_gj.</source>
        <translation>本图层中存放“heat_supplied_gj”（供热量）的字段（用户指南“输入图层”）。留空：使用名为 heat_supplied_gj 的字段。</translation>
    </message>
    <message>
        <source>Urban cores (polygons)</source>
        <translation>城市核心区（面）</translation>
    </message>
    <message>
        <source>Optional built-up urban cores: sinks of cascade step D (new 4th-generation district heating); the city polygons are used when absent.</source>
        <translation>可选的城市建成区核心：梯级利用步骤 D 的热汇（新建第四代集中供热）；缺省时使用城市面。</translation>
    </message>
    <message>
        <source>Provinces (polygons)</source>
        <translation>省份（面）</translation>
    </message>
    <message>
        <source>Optional provinces: province (name), cement_production_t, fly_ash_reuse_rate, grid_region; used for material exchange and rest-of-province accounting.</source>
        <translation>可选的省份：province（名称）、cement_production_t、fly_ash_reuse_rate、grid_region；用于物质交换与省内其余地区的核算。</translation>
    </message>
    <message>
        <source>Parameter override file (TOML)</source>
        <translation>参数覆盖文件（TOML）</translation>
    </message>
    <message>
        <source>Optional TOML file overriding default parameters by dotted path, e.g. [cascade] fence_line_m = 20000. Unknown names are an error. Defaults: uis_qgis/data/params/*.toml.</source>
        <translation>可选的 TOML 文件，按点分路径覆盖默认参数，例如 [cascade] fence_line_m = 20000。未知名称会报错。默认值：uis_qgis/data/params/*.toml。</translation>
    </message>
    <message>
        <source>Input problems</source>
        <translation>输入问题</translation>
    </message>
    <message>
        <source>Table of problems found: severity (error/warning), layer, field, n_ids, ids, message. Empty when the inputs are fine.</source>
        <translation>发现的问题表：severity（error/warning）、layer、field、n_ids、ids、message。输入无误时为空。</translation>
    </message>
    <message>
        <source>Number of errors</source>
        <translation>错误数</translation>
    </message>
    <message>
        <source>Number of warnings</source>
        <translation>警告数</translation>
    </message>
    <message>
        <source>Check inputs</source>
        <translation>检查输入</translation>
    </message>
    <message>
        <source>1 · Inputs</source>
        <translation>1 · 输入</translation>
    </message>
    <message>
        <source>Checks the input layers the way every UIS-QGIS algorithm does before computing anything: required fields, text in number fields, negative/NaN/infinite values, empty layers, duplicate ids, empty or invalid geometries, unknown sector codes, missing CRS. Writes one row per problem (layer, field, ids, what to do); errors stop other algorithms, warnings do not. Never fails on bad data: it reports.</source>
        <translation>按照每个 UIS-QGIS 算法计算前的方式检查输入图层：必填字段、数值字段中的文本、负值/NaN/无穷值、空图层、重复编号、空或无效几何、未知行业代码、缺少坐标系。每个问题输出一行（图层、字段、编号、处理办法）；错误会终止其他算法，警告不会。遇到错误数据不会失败，只报告。</translation>
    </message>
    <message>
        <source>Method: </source>
        <translation>方法：</translation>
    </message>
    <message>
        <source>Cities (polygons)</source>
        <translation>城市（面）</translation>
    </message>
    <message>
        <source>Create input templates</source>
        <translation>创建输入模板</translation>
    </message>
    <message>
        <source>Writes one empty layer per input of the method — plants, cities, district heating, urban cores, provinces — with every field the model reads, correctly typed (ids and names as text, quantities as decimals), in EPSG:4326. Fill them in (or paste your features), then run 'Check inputs'. When loaded, each field shows a readable name with its unit and required fields must not be empty. Field meanings: user guide, 'Input layers'.</source>
        <translation>为方法的每个输入写出一个空图层——工厂、城市、集中供热、城市核心区、省份——包含模型读取的全部字段，类型正确（编号和名称为文本，数量为小数），坐标系 EPSG:4326。填写后（或粘贴要素）运行“检查输入”。加载后每个字段显示带单位的易读名称，必填字段不得为空。字段含义见用户指南“输入图层”。</translation>
    </message>
    <message>
        <source>Scenario</source>
        <translation>情景</translation>
    </message>
    <message>
        <source>FYP-Efficiency plus symbiosis</source>
        <translation>“十二五”能效提升 + 共生</translation>
    </message>
    <message>
        <source>High-Efficiency plus symbiosis</source>
        <translation>高能效 + 共生</translation>
    </message>
    <message>
        <source>Base case plus symbiosis</source>
        <translation>基准情景 + 共生</translation>
    </message>
    <message>
        <source>Single-sector efficiency applied before symbiosis (docs/method.md): FYP = China's 2010–2015 Five-Year Plan targets, High = international best practice, Base = inputs as given. Results are reported against the Base case.</source>
        <translation>共生之前采用的单部门能效情景（docs/method.md）：FYP = 中国 2010–2015 年“十二五”规划目标，High = 国际最佳实践，Base = 按输入原样。结果均相对于基准情景报告。</translation>
    </message>
    <message>
        <source>Heat allocation</source>
        <translation>余热分配</translation>
    </message>
    <message>
        <source>Cascade A–E, step by step (the paper's method)</source>
        <translation>A–E 梯级利用，逐步进行（论文方法）</translation>
    </message>
    <message>
        <source>Optimal: maximise CO2 avoided over all steps at once</source>
        <translation>最优：一次性在所有步骤上最大化 CO2 减排</translation>
    </message>
    <message>
        <source>Cascade: steps A–E in the paper's order, each as a min-cost max-flow over fence-line pairs. Optimal: one linear programme maximising CO2 avoided over all steps (the gap is in the summary).</source>
        <translation>梯级利用：按论文顺序执行步骤 A–E，每步都是围栏范围内源–汇配对上的最小费用最大流。最优：一个线性规划在所有步骤上同时最大化 CO2 减排（两者之差见汇总表）。</translation>
    </message>
    <message>
        <source>Model PM2.5 dispersion</source>
        <translation>模拟 PM2.5 扩散</translation>
    </message>
    <message>
        <source>Annual-mean primary PM2.5 grids for Base and Scenario (sector-averaged Gaussian plume, 1 km cells by default; docs/method.md). Needed for health.</source>
        <translation>基准与情景的一次 PM2.5 年均浓度网格（扇区平均高斯烟羽，默认 1 km 网格；docs/method.md）。健康评估需要此项。</translation>
    </message>
    <message>
        <source>Estimate avoided deaths</source>
        <translation>估算避免的过早死亡</translation>
    </message>
    <message>
        <source>Deaths attributable to PM2.5 and avoided by the scenario per city (GEMM by default, low/central/high; docs/method.md). Runs only with dispersion.</source>
        <translation>各城市归因于 PM2.5 的死亡及情景避免的死亡（默认 GEMM，低/中/高；docs/method.md）。仅在模拟扩散时运行。</translation>
    </message>
    <message>
        <source>Style cities by</source>
        <translation>城市渲染方式</translation>
    </message>
    <message>
        <source>% CO2 reduction</source>
        <translation>CO2 减排百分比</translation>
    </message>
    <message>
        <source>Co-benefit quadrant</source>
        <translation>协同效益象限</translation>
    </message>
    <message>
        <source>How the city results are drawn when loaded: % CO2 reduction (green classes) or the co-benefit quadrant of % CO2 reduction vs % deaths avoided (Fig. 4a of the paper).</source>
        <translation>加载时城市结果的渲染方式：CO2 减排百分比（绿色分级）或 CO2 减排百分比与避免死亡百分比构成的协同效益象限（论文图 4a）。</translation>
    </message>
    <message>
        <source>Heat links</source>
        <translation>余热连线</translation>
    </message>
    <message>
        <source>Lines from each heat source to the sink it serves: source_id, sink_id, sink_type, grade, step (A–E), heat_gj, dist_m (never beyond the fence line), fuel_saved_tce.</source>
        <translation>每个余热源到其供给热汇的连线：source_id、sink_id、sink_type、grade、step（A–E）、heat_gj、dist_m（不超过围栏距离）、fuel_saved_tce。</translation>
    </message>
    <message>
        <source>Plants (results)</source>
        <translation>工厂（结果）</translation>
    </message>
    <message>
        <source>Per plant: fuel base/scenario, waste heat available and used by grade, ORC power, CO2 and PM2.5 base/scenario.</source>
        <translation>每个工厂：基准/情景燃料、按品位的可用与已用余热、ORC 发电、基准/情景 CO2 与 PM2.5。</translation>
    </message>
    <message>
        <source>Cities (results)</source>
        <translation>城市（结果）</translation>
    </message>
    <message>
        <source>Per city: CO2 base/scenario, % reduction and its split by strategy, PM2.5 emissions.</source>
        <translation>每个城市：基准/情景 CO2、减排百分比及其按策略的分解、PM2.5 排放。</translation>
    </message>
    <message>
        <source>Summary</source>
        <translation>汇总</translation>
    </message>
    <message>
        <source>One row per summary quantity of the run, with its unit.</source>
        <translation>本次运行的每个汇总量一行，附单位。</translation>
    </message>
    <message>
        <source>PM2.5 base (µg/m³)</source>
        <translation>PM2.5 基准（µg/m³）</translation>
    </message>
    <message>
        <source>GeoTIFF of annual-mean primary PM2.5 (µg/m³) modelled from the inventory on the study grid; written only when dispersion runs.</source>
        <translation>由排放清单在研究区网格上模拟的一次 PM2.5 年均浓度 GeoTIFF（µg/m³）；仅在模拟扩散时写出。</translation>
    </message>
    <message>
        <source>PM2.5 scenario (µg/m³)</source>
        <translation>PM2.5 情景（µg/m³）</translation>
    </message>
    <message>
        <source>PM2.5 scenario − base (µg/m³)</source>
        <translation>PM2.5 情景 − 基准（µg/m³）</translation>
    </message>
    <message>
        <source>All results (folder)</source>
        <translation>全部结果（文件夹）</translation>
    </message>
    <message>
        <source>Optional folder receiving every result: results.gpkg (all layers), CSV tables, rasters, the report and parameters_used.csv. Written atomically: all files or none.</source>
        <translation>可选的文件夹，接收全部结果：results.gpkg（所有图层）、CSV 表、栅格、报告和 parameters_used.csv。原子写入：要么全部写出，要么一个也不写。</translation>
    </message>
    <message>
        <source>Report (HTML)</source>
        <translation>报告（HTML）</translation>
    </message>
    <message>
        <source>HTML report with the summary tables, the paper's figures for your region, the parameters used and the data attributions; opened in the Processing Results Viewer. Written to a temporary file when no path is chosen.</source>
        <translation>HTML 报告，含汇总表、您所在区域的论文图表、所用参数和数据来源说明；在处理结果查看器中打开。未选择路径时写入临时文件。</translation>
    </message>
    <message>
        <source>Full assessment</source>
        <translation>完整评估</translation>
    </message>
    <message>
        <source>0 · Full assessment</source>
        <translation>0 · 完整评估</translation>
    </message>
    <message>
        <source>Runs the whole method on your layers — only plants and cities are needed, everything else has defaults: single-sector efficiency (scenario), waste heat by grade, the energy cascade A–E within the fence line (30 km), material exchange, CO2 and PM2.5 by city. Outputs heat links (source → sink), plant and city results, a summary table, optionally all results in a folder and an HTML report. Inputs may be in any CRS; distances are computed in metres in a projected CRS chosen for the study area. Bad input stops the run with a message naming layer, field and ids, before anything is written.</source>
        <translation>在您的图层上运行完整方法——只需工厂和城市，其余均有默认值：单部门能效（情景）、按品位的工业余热、围栏范围（30 km）内的 A–E 能源梯级利用、物质交换、各城市的 CO2 与 PM2.5。输出余热连线（源 → 汇）、工厂与城市结果、汇总表，可选输出全部结果文件夹与 HTML 报告。输入可为任意坐标系；距离在为研究区选定的投影坐标系中以米计算。输入有误时在写出任何结果之前终止，并给出图层、字段和编号。</translation>
    </message>
    <message>
        <source>Plants with waste heat</source>
        <translation>含余热的工厂</translation>
    </message>
    <message>
        <source>The plants with generated and available waste heat per grade, GJ/yr.</source>
        <translation>各工厂按品位的产生余热与可用余热，GJ/年。</translation>
    </message>
    <message>
        <source>Waste heat by grade</source>
        <translation>按品位的工业余热</translation>
    </message>
    <message>
        <source>2 · Energy cascade</source>
        <translation>2 · 能源梯级利用</translation>
    </message>
    <message>
        <source>Recoverable waste heat of each plant by grade — high (&gt; 400 °C), medium (100–400 °C), low (&lt; 100 °C) — as fuel input × w(sector, grade), and the part available for exchange: 100 % of high, 25 % of medium (sulfur corrosion), 80 % of low. Power plants are not sources by default (parameter sectors.power_is_source). Adds heat_&lt;grade&gt;_gen_gj and heat_&lt;grade&gt;_avail_gj (GJ/yr) to a copy of the plants.</source>
        <translation>各工厂按品位的可回收余热——高品位（&gt; 400 °C）、中品位（100–400 °C）、低品位（&lt; 100 °C）——等于燃料投入 × w(行业, 品位)，以及可用于交换的部分：高品位 100 %、中品位 25 %（硫腐蚀）、低品位 80 %。电厂默认不作为余热源（参数 sectors.power_is_source）。在工厂图层副本上添加 heat_&lt;grade&gt;_gen_gj 和 heat_&lt;grade&gt;_avail_gj（GJ/年）。</translation>
    </message>
    <message>
        <source>Single-sector efficiency applied before symbiosis (docs/method.md).</source>
        <translation>共生之前采用的单部门能效情景（docs/method.md）。</translation>
    </message>
    <message>
        <source>Cascade A–E step by step, or the optimum over all steps.</source>
        <translation>逐步进行 A–E 梯级利用，或在所有步骤上求最优。</translation>
    </message>
    <message>
        <source>Source → sink lines with grade, step, heat_gj, dist_m, fuel_saved_tce.</source>
        <translation>余热源 → 热汇连线，含品位、步骤、heat_gj、dist_m、fuel_saved_tce。</translation>
    </message>
    <message>
        <source>Heat sinks</source>
        <translation>热汇</translation>
    </message>
    <message>
        <source>Sink industries, district heating and urban cores with demand and heat received, as points (a point inside each polygon sink: one layer holds one geometry type).</source>
        <translation>工业热汇、集中供热和城市核心区，含需求与接收热量，以点表示（每个面状热汇内取一点：一个图层只能有一种几何类型）。</translation>
    </message>
    <message>
        <source>PM2.5 area sources</source>
        <translation>PM2.5 面源</translation>
    </message>
    <message>
        <source>Cities and rest of province with pm25_base_t and pm25_scen_t (t/yr).</source>
        <translation>城市与省内其余地区，含 pm25_base_t 与 pm25_scen_t（吨/年）。</translation>
    </message>
    <message>
        <source>PM2.5 point sources</source>
        <translation>PM2.5 点源</translation>
    </message>
    <message>
        <source>Power, steel and cement stacks with pm25_base_t, pm25_scen_t and stack parameters (sector defaults where unknown).</source>
        <translation>电力、钢铁和水泥烟囱，含 pm25_base_t、pm25_scen_t 与烟囱参数（未知时用行业默认值）。</translation>
    </message>
    <message>
        <source>Material exchange by province</source>
        <translation>各省物质交换</translation>
    </message>
    <message>
        <source>Fly ash and slag available, used in cement (caps 35 % / 25 %), CO2 avoided.</source>
        <translation>可用粉煤灰与矿渣、用于水泥的量（上限 35 % / 25 %）、避免的 CO2。</translation>
    </message>
    <message>
        <source>Results by province</source>
        <translation>各省结果</translation>
    </message>
    <message>
        <source>CO2 by strategy per province (cities and rest of province).</source>
        <translation>各省按策略的 CO2（城市与省内其余地区）。</translation>
    </message>
    <message>
        <source>Energy cascade and material exchange</source>
        <translation>能源梯级利用与物质交换</translation>
    </message>
    <message>
        <source>Single-sector efficiency (scenario), waste heat by grade, source–sink pairs within the fence line computed in metres, the cascade A–E (high → ORC; medium → sink industries, then district heating, then ORC; low → new 4th-generation district heating; the rest unutilised), fly ash and slag to cement by province, and CO2 / PM2.5 accounting. Besides heat links it outputs the heat sinks and the PM2.5 area and point sources, which the 'PM2.5 dispersion' algorithm takes as inputs.</source>
        <translation>单部门能效（情景）、按品位的余热、以米计算的围栏范围内源–汇配对、A–E 梯级利用（高品位 → ORC；中品位 → 工业热汇，再到集中供热，再到 ORC；低品位 → 新建第四代集中供热；其余未利用）、各省粉煤灰和矿渣用于水泥，以及 CO2 / PM2.5 核算。除余热连线外还输出热汇以及 PM2.5 面源和点源，供“PM2.5 扩散”算法作为输入。</translation>
    </message>
    <message>
        <source>Area sources (polygons)</source>
        <translation>面源（面）</translation>
    </message>
    <message>
        <source>Polygons with an emission field in t/yr spread uniformly over each polygon.</source>
        <translation>带排放字段（吨/年）的面，排放均匀分布在每个面上。</translation>
    </message>
    <message>
        <source>Point sources (stacks)</source>
        <translation>点源（烟囱）</translation>
    </message>
    <message>
        <source>Stacks with the emission field (t/yr) and optional stack_height_m, stack_diameter_m, exit_velocity_m_s, exit_temp_k, sector (defaults by sector where missing).</source>
        <translation>烟囱，含排放字段（吨/年）及可选的 stack_height_m、stack_diameter_m、exit_velocity_m_s、exit_temp_k、sector（缺失时按行业取默认值）。</translation>
    </message>
    <message>
        <source>Emission field (t/yr)</source>
        <translation>排放字段（吨/年）</translation>
    </message>
    <message>
        <source>Field with the annual PM2.5 emission in t/yr, present in both layers (pm25_base_t or pm25_scen_t).</source>
        <translation>年 PM2.5 排放量字段（吨/年），两个图层中都须存在（pm25_base_t 或 pm25_scen_t）。</translation>
    </message>
    <message>
        <source>PM2.5 (µg/m³)</source>
        <translation>PM2.5（µg/m³）</translation>
    </message>
    <message>
        <source>GeoTIFF of the annual-mean primary PM2.5 increment, µg/m³, in the study CRS.</source>
        <translation>一次 PM2.5 年均增量的 GeoTIFF，µg/m³，研究区坐标系。</translation>
    </message>
    <message>
        <source>PM2.5 dispersion</source>
        <translation>PM2.5 扩散</translation>
    </message>
    <message>
        <source>3 · Air quality and health</source>
        <translation>3 · 空气质量与健康</translation>
    </message>
    <message>
        <source>Annual-mean primary PM2.5 (µg/m³) on a regular grid (cell size dispersion.cell_m, default 1 km) from area sources (emission spread uniformly over each polygon, FFT convolution with a climatological kernel integrated over the cell) and point stacks (Briggs plume rise), with the long-term sector-averaged Gaussian plume (16 wind sectors × 6 speeds × 6 stability classes; ISCLT form). Default climate: the wind rose built from hourly Beijing data. Takes the area and point sources of 'Energy cascade and material exchange'.</source>
        <translation>规则网格上的一次 PM2.5 年均浓度（µg/m³；网格大小 dispersion.cell_m，默认 1 km），来源包括面源（排放均匀分布在每个面上，用在网格单元上积分的气候态核函数做 FFT 卷积）和点源烟囱（Briggs 烟气抬升），采用长期扇区平均高斯烟羽（16 个风向扇区 × 6 档风速 × 6 类稳定度；ISCLT 形式）。默认气候：由北京逐时数据构建的风玫瑰。输入为“能源梯级利用与物质交换”的面源和点源。</translation>
    </message>
    <message>
        <source>PM2.5 Base (µg/m³)</source>
        <translation>PM2.5 基准（µg/m³）</translation>
    </message>
    <message>
        <source>Annual-mean primary PM2.5 of the Base case, e.g. from 'PM2.5 dispersion'.</source>
        <translation>基准情景的一次 PM2.5 年均浓度，例如来自“PM2.5 扩散”。</translation>
    </message>
    <message>
        <source>PM2.5 Scenario (µg/m³)</source>
        <translation>PM2.5 情景（µg/m³）</translation>
    </message>
    <message>
        <source>Annual-mean primary PM2.5 of the scenario, on any grid.</source>
        <translation>情景的一次 PM2.5 年均浓度，任意网格。</translation>
    </message>
    <message>
        <source>Cities with health co-benefits</source>
        <translation>含健康协同效益的城市</translation>
    </message>
    <message>
        <source>The cities with background, total PM2.5 and deaths attributable / avoided (low, central, high) per year.</source>
        <translation>各城市的背景浓度、PM2.5 总浓度以及每年归因 / 避免的死亡（低、中、高）。</translation>
    </message>
    <message>
        <source>PM2.5 observed vs modelled</source>
        <translation>PM2.5 观测与模拟对比</translation>
    </message>
    <message>
        <source>Per city with an observation in the study area (CNEMC monitor or observed_pm25): observed and modelled total PM2.5, with the background fitted with and without that city's own observation (leave-one-out: the honest check). Empty when no observed city lies in the study area.</source>
        <translation>研究区内每个有观测的城市（CNEMC 监测站或 observed_pm25）：观测与模拟的 PM2.5 总浓度，背景浓度分别在包含与不包含该城市自身观测时拟合（留一法：客观的检验）。研究区内没有观测城市时为空。</translation>
    </message>
    <message>
        <source>Health co-benefits</source>
        <translation>健康协同效益</translation>
    </message>
    <message>
        <source>Premature deaths attributable to PM2.5 and avoided by the scenario, per city: population × baseline rate (China GBD 2015, national age structure) × (1 − 1/RR(C)) with total concentrations C = background + modelled primary PM2.5 (city means of the rasters). The background is observed minus modelled at the monitor cities (CNEMC, pm25.base_year) and at cities with observed_pm25, interpolated between them (inverse distance, never negative). GEMM (Burnett et al. 2018, default) or IER (Burnett et al. 2014, the paper's) via health.preset = default | paper; low / central / high from θ ± 2 SE; deaths avoided valued with a VSL range for China.</source>
        <translation>各城市归因于 PM2.5 及情景避免的过早死亡：人口 × 基线死亡率（中国 GBD 2015，全国年龄结构）× (1 − 1/RR(C))，其中总浓度 C = 背景浓度 + 模拟的一次 PM2.5（栅格的城市均值）。背景浓度为监测城市（CNEMC，pm25.base_year）及给出 observed_pm25 的城市的观测值减模拟值，在其间插值（反距离加权，不为负）。通过 health.preset = default | paper 选择 GEMM（Burnett 等 2018，默认）或 IER（Burnett 等 2014，论文所用）；低 / 中 / 高取 θ ± 2 SE；避免的死亡按中国的统计生命价值（VSL）区间估值。</translation>
    </message>
    <message>
        <source>Input–output table (CSV)</source>
        <translation>投入产出表（CSV）</translation>
    </message>
    <message>
        <source>CSV with one row per sector: sector, one column per sector (intermediate use Z), final_demand, co2_t (direct CO2, t/yr), optional value_added and total_output. Empty: the shipped China 2012 table in 13 sectors (uis_qgis/data/eeio/china_2012_13sector.csv).</source>
        <translation>每个部门一行的 CSV：sector、每个部门一列（中间使用 Z）、final_demand、co2_t（直接 CO2，吨/年），可选 value_added 和 total_output。留空：使用随附的 2012 年中国 13 部门表（uis_qgis/data/eeio/china_2012_13sector.csv）。</translation>
    </message>
    <message>
        <source>UIS options (TOML)</source>
        <translation>UIS 方案（TOML）</translation>
    </message>
    <message>
        <source>UIS options as process balances with quantities, substitution rates and cited factors. Empty: the 8 Guiyang options of seed 000 (uis_qgis/data/eeio/guiyang_uis_options.toml).</source>
        <translation>以过程平衡表示的 UIS 方案，含数量、替代率和注明出处的因子。留空：种子文献 000 中贵阳的 8 个方案（uis_qgis/data/eeio/guiyang_uis_options.toml）。</translation>
    </message>
    <message>
        <source>Sector aggregation map (CSV)</source>
        <translation>部门合并对照表（CSV）</translation>
    </message>
    <message>
        <source>Optional CSV code,group aggregating the table's sectors first (e.g. 42 → 13 sectors; shipped maps are in uis_qgis/data/eeio).</source>
        <translation>可选的 CSV（code,group），先合并表中的部门（例如 42 → 13 个部门；随附的对照表在 uis_qgis/data/eeio 中）。</translation>
    </message>
    <message>
        <source>Eco-efficiency change by sector</source>
        <translation>各部门生态效率变化</translation>
    </message>
    <message>
        <source>Per sector: footprint and eco-efficiency for BAU and UIS and their change (%).</source>
        <translation>每个部门：BAU 与 UIS 的碳足迹、生态效率及其变化（%）。</translation>
    </message>
    <message>
        <source>UIS option balances</source>
        <translation>UIS 方案平衡</translation>
    </message>
    <message>
        <source>Per option: resource saved, waste reduced and the CO2 effect computed from its factors.</source>
        <translation>每个方案：节约的资源、减少的废物及由其因子计算的 CO2 效果。</translation>
    </message>
    <message>
        <source>EEIO summary</source>
        <translation>EEIO 汇总</translation>
    </message>
    <message>
        <source>Direct CO2 and footprint totals, the reduction and its share of the city total.</source>
        <translation>直接 CO2 与碳足迹总量、减排量及其占城市总量的比例。</translation>
    </message>
    <message>
        <source>Sectoral eco-efficiency (input–output)</source>
        <translation>部门生态效率（投入产出）</translation>
    </message>
    <message>
        <source>5 · Eco-efficiency</source>
        <translation>5 · 生态效率</translation>
    </message>
    <message>
        <source>Environmentally extended input–output analysis: A = Z·diag(x)⁻¹, x = (I − A)⁻¹f, direct intensities E = CO2/x, carbon footprints by final demand and eco-efficiency (value added per t CO2 footprint) per sector, for BAU and for UIS after the options' process balances (R = S × M, seed 002 Eq. 5–6) change the sector inventories. Defaults: China 2012 in 13 sectors and the 8 Guiyang options of seed 000. Reference: Guiyang case, Sustainability 2020 (seed 002).</source>
        <translation>环境扩展投入产出分析：A = Z·diag(x)⁻¹，x = (I − A)⁻¹f，直接强度 E = CO2/x，按最终需求的碳足迹以及各部门生态效率（每吨 CO2 足迹的增加值），分别计算 BAU 与 UIS（方案的过程平衡 R = S × M 改变部门清单后，种子文献 002 式 5–6）。默认：2012 年中国 13 部门表和种子文献 000 中贵阳的 8 个方案。参考：贵阳案例，Sustainability 2020（种子文献 002）。</translation>
    </message>
    <message>
        <source>Number of draws</source>
        <translation>抽样次数</translation>
    </message>
    <message>
        <source>Monte Carlo draws (with Sobol: Saltelli base size N, so N × (k + 2) runs for k uncertain quantities).</source>
        <translation>蒙特卡罗抽样次数（选 Sobol 时为 Saltelli 基样本量 N，k 个不确定量共运行 N × (k + 2) 次）。</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed of the draws: the same seed gives the same results on any number of workers.</source>
        <translation>抽样的随机种子：同一种子在任意工作进程数下给出相同结果。</translation>
    </message>
    <message>
        <source>Sobol indices</source>
        <translation>Sobol 指数</translation>
    </message>
    <message>
        <source>Saltelli sampling and first-order / total Sobol indices of the national totals.</source>
        <translation>Saltelli 抽样及全国总量的一阶 / 总 Sobol 指数。</translation>
    </message>
    <message>
        <source>Model PM2.5 and health per draw</source>
        <translation>每次抽样都模拟 PM2.5 与健康</translation>
    </message>
    <message>
        <source>PM2.5 grids, exposure and deaths avoided in every draw (kernels and grids are built once). Off: CO2 and emissions only.</source>
        <translation>每次抽样都计算 PM2.5 网格、暴露和避免的死亡（核函数和网格只构建一次）。关闭：仅 CO2 与排放。</translation>
    </message>
    <message>
        <source>Single-sector efficiency applied before symbiosis, as in the full assessment.</source>
        <translation>共生之前采用的单部门能效情景，与完整评估相同。</translation>
    </message>
    <message>
        <source>Cascade A–E (the paper) or the CO2-optimal joint LP, as in the full assessment.</source>
        <translation>A–E 梯级利用（论文）或 CO2 最优联合线性规划，与完整评估相同。</translation>
    </message>
    <message>
        <source>Dask scheduler address</source>
        <translation>Dask 调度器地址</translation>
    </message>
    <message>
        <source>tcp://HOST:8786 of a running Dask scheduler; empty: a local cluster of threads on this computer.</source>
        <translation>正在运行的 Dask 调度器地址 tcp://HOST:8786；留空：在本机上使用线程组成的本地集群。</translation>
    </message>
    <message>
        <source>Local workers (0 = all cores)</source>
        <translation>本地工作进程（0 = 全部核心）</translation>
    </message>
    <message>
        <source>Workers of the local cluster (ignored with a scheduler address).</source>
        <translation>本地集群的工作进程数（给出调度器地址时忽略）。</translation>
    </message>
    <message>
        <source>Cities (uncertainty)</source>
        <translation>城市（不确定性）</translation>
    </message>
    <message>
        <source>Per city: *_p05 / *_p50 / *_p95 of co2_reduction_t, pm25_change_ug_m3 and deaths_avoided; p_high_high, p_high_co2_low_health, p_low_co2_high_health, p_low_low and the most likely quadrant.</source>
        <translation>每个城市：co2_reduction_t、pm25_change_ug_m3 和 deaths_avoided 的 *_p05 / *_p50 / *_p95；p_high_high、p_high_co2_low_health、p_low_co2_high_health、p_low_low 以及最可能的象限。</translation>
    </message>
    <message>
        <source>Draws and national totals (CSV)</source>
        <translation>抽样与全国总量（CSV）</translation>
    </message>
    <message>
        <source>One row per draw: the drawn values and the national totals.</source>
        <translation>每次抽样一行：抽取的取值与全国总量。</translation>
    </message>
    <message>
        <source>Sobol indices (CSV)</source>
        <translation>Sobol 指数（CSV）</translation>
    </message>
    <message>
        <source>First-order (S1) and total (ST) Sobol indices with 95 % confidence half-widths; with Sobol only.</source>
        <translation>一阶（S1）与总（ST）Sobol 指数及其 95 % 置信半宽；仅在选 Sobol 时输出。</translation>
    </message>
    <message>
        <source>Uncertainty and sensitivity</source>
        <translation>不确定性与敏感性</translation>
    </message>
    <message>
        <source>4 · Uncertainty</source>
        <translation>4 · 不确定性</translation>
    </message>
    <message>
        <source>Runs the whole assessment for N parameter draws (waste-heat fractions, sink share, emission factors, fly-ash reuse, dispersion choices, GEMM θ, background PM2.5, VSL; ranges and sources in uis_qgis/data/uncertainty/distributions.toml) on Dask: a local cluster of threads in QGIS, or an existing Dask scheduler (e.g. a research group's cluster or HPC via dask-jobqueue). The draws are made up front from the seed, so the results do not depend on the number of workers. Outputs per city: 5 / 50 / 95 % of CO2 reduction, PM2.5 change and deaths avoided, and the probability of each co-benefit quadrant (styled by the probability of High-High); with Sobol, first-order and total indices of the national totals (SALib).</source>
        <translation>对 N 组参数抽样运行完整评估（余热比例、热汇比例、排放因子、粉煤灰利用率、扩散选项、GEMM θ、背景 PM2.5、VSL；取值范围与来源见 uis_qgis/data/uncertainty/distributions.toml），在 Dask 上运行：QGIS 中为本机线程组成的本地集群，或已有的 Dask 调度器（例如课题组的集群，或通过 dask-jobqueue 使用高性能计算）。抽样由随机种子预先生成，因此结果与工作进程数无关。每个城市输出：CO2 减排、PM2.5 变化和避免死亡的 5 / 50 / 95 % 分位数，以及各协同效益象限的概率（按“高-高”概率渲染）；选 Sobol 时输出全国总量的一阶和总指数（SALib）。</translation>
    </message>
    <message>
        <source>Open sample project</source>
        <translation>打开示例项目</translation>
    </message>
    <message>
        <source>Install missing Python packages…</source>
        <translation>安装缺失的 Python 包…</translation>
    </message>
</context>
</TS>
